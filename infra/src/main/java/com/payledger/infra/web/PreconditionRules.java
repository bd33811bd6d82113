package com.payledger.infra.web;

import com.payledger.command.web.IfMatch;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A precondition sent with a change is evaluated or refused, never ignored: the client meant the change to depend on
 * it. Only {@code If-Match} is evaluated, by the changes that take it ({@link ConditionalChanges}: an account's limit
 * and its close, every change of a schedule); any other write with {@code If-Match}, and any write with
 * {@code If-None-Match}, is refused with 400 {@code UNSUPPORTED_PRECONDITION} before it acts. The HTTP hunt closed an
 * account whose {@code If-Match} named a version it never had, and patched one under {@code If-None-Match} naming its
 * current version. The date
 * preconditions are left alone, as RFC 9110 says: {@code If-Modified-Since} and {@code If-Range} mean nothing on a
 * write, and {@code If-Unmodified-Since} nothing where no modification date is shown. Reads change nothing whatever
 * they are sent; those with an {@code ETag} evaluate {@code If-None-Match} and {@code If-Match} (304, 412; see
 * {@link VersionedReadPreconditions}).
 */
@Configuration(proxyBeanMethods = false)
class PreconditionRules implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final List<String> NEVER_EVALUATED = List.of(HttpHeaders.IF_NONE_MATCH);

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || READS.contains(request.getMethod())
                || !(handler instanceof HandlerMethod change)) {
            return true;
        }
        for (String header : NEVER_EVALUATED) {
            if (request.getHeader(header) != null) {
                throw refusal(header, header + " is not evaluated here: only If-Match is, on the changes of an account "
                        + "or a schedule; nothing was changed");
            }
        }
        if (request.getHeader(IfMatch.HEADER) != null && !ConditionalChanges.evaluatesIfMatch(change)) {
            throw refusal(IfMatch.HEADER, "this change takes no If-Match (only the changes of an account or a "
                    + "schedule do); nothing was changed");
        }
        return true;
    }

    private static ErrorResponseException refusal(String header, String detail) {
        ProblemDetail problem = GlobalProblems.problem(HttpStatus.BAD_REQUEST, "UNSUPPORTED_PRECONDITION", detail);
        problem.setProperty("field", header);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
