package com.payledger.infra.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter the endpoint does not take, or one it takes given twice, is refused with 400 before the endpoint
 * acts, as an unknown field of a body is: the reads hunt sent {@code entries?From=}, {@code balance?asof=} and
 * {@code forecast?Until=}, and got the unfiltered answer with nothing to say the filter was dropped, and
 * {@code POST /api/v1/transfers?dryRun=true} moved the money. A repeated {@code limit} was refused as "an integer from
 * 1 to 500", which it was. Names are compared exactly, as the endpoints read them. Only the API's endpoints are
 * checked; the query string is read as sent, so a form body is never parsed here.
 */
@Configuration(proxyBeanMethods = false)
class QueryParameterRules implements WebMvcConfigurer, HandlerInterceptor {

    private static final String API = "/api/";
    private final ConcurrentHashMap<HandlerMethod, Set<String>> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || request.getDispatcherType() != DispatcherType.REQUEST
                || !request.getRequestURI().startsWith(API) || !(handler instanceof HandlerMethod endpoint)) {
            return true;
        }
        Set<String> names = taken.computeIfAbsent(endpoint, QueryParameterRules::parametersOf);
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            if (!names.contains(name)) {
                throw refusal("UNKNOWN_PARAMETER", name, names.isEmpty() ? "this endpoint takes no query parameter"
                        : "this endpoint takes no query parameter " + name + " (it takes " + String.join(", ",
                        names.stream().sorted().toList()) + "); nothing was done");
            }
            if (!seen.add(name)) {
                throw refusal("REPEATED_PARAMETER", name, name + " is given more than once; nothing was done");
            }
        }
        return true;
    }

    private static Set<String> parametersOf(HandlerMethod endpoint) {
        Set<String> names = new HashSet<>();
        for (MethodParameter parameter : endpoint.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = param.name().isEmpty() ? parameter.getParameterName() : param.name();
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw refusal("INVALID_PARAMETER", name, "a query parameter's name is not percent-encoded correctly");
        }
    }

    private static ErrorResponseException refusal(String code, String parameter, String detail) {
        ProblemDetail problem = GlobalProblems.problem(HttpStatus.BAD_REQUEST, code, detail);
        problem.setProperty("field", parameter);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
