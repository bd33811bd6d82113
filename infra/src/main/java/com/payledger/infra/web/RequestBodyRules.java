package com.payledger.infra.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a request body must be, checked before any handler acts:
 * <ul>
 *   <li>a body is {@code application/json} (415 otherwise). Spring's JSON reader also takes any
 *       {@code application/*+json}, so a JSON Patch ({@code application/json-patch+json}) sent to the transfers
 *       endpoint was read as a transfer;</li>
 *   <li>actions that take no body (closing an account; resuming, skipping or cancelling a schedule; revoking a key;
 *       rebuilding, repairing) refuse one that says anything. Spring would not read it at all, so
 *       {@code POST /cancel} with {@code [[[} or {@code {"until": ...}} cancelled the schedule: a client that sent a
 *       body meant something by it, and must learn that it was not understood. No body, or a blank one, {@code {}}
 *       or {@code null} sent as {@code application/json}, is accepted, since many HTTP clients send one of those with
 *       every POST.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyRules implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final JsonMapper json;

    RequestBodyRules(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotSupportedException {
        // An error dispatch continues a request that was already let through (or whose body was too large).
        if (request.getDispatcherType() != DispatcherType.REQUEST || READS.contains(request.getMethod())
                || !(handler instanceof HandlerMethod action) || !mayHaveBody(request)) {
            return true;
        }
        if (takesBody(action)) {
            // Without a Content-Type, Spring's own answer stands (415 for a body, nothing for an optional one).
            if (request.getContentType() != null) {
                requireJson(request);
            }
            return true;
        }
        // A stated type is checked before reading: Spring's form filter has already read (and emptied) a form body
        // on PUT, PATCH and DELETE, so only the type still shows that one was sent.
        if (request.getContentType() != null) {
            requireJson(request);
        }
        // Unreadable bodies are answered as for the actions that read theirs (GlobalProblems): 413 past the limit,
        // 400 UNREADABLE_BODY for a broken or abandoned one, MALFORMED_JSON below.
        byte[] body;
        try {
            // Bounded by RequestBodyLimitFilter, like every body.
            body = request.getInputStream().readAllBytes();
        } catch (IOException unreadable) {
            throw new HttpMessageNotReadableException(unreadable.getMessage(), unreadable,
                    new ServletServerHttpRequest(request));
        }
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return true;
        }
        requireJson(request);
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException malformed) {
            throw new HttpMessageNotReadableException(malformed.getOriginalMessage(), malformed,
                    new ServletServerHttpRequest(request));
        }
        if (node.isNull() || node.isObject() && node.isEmpty()) {
            return true;
        }
        if (node.isObject()) {
            String field = node.propertyNames().iterator().next();
            throw refusal("UNKNOWN_FIELD", "unknown field '" + field + "': this action takes no body", field);
        }
        throw refusal("INVALID_FIELD_TYPE", "this action takes no body, or an empty JSON object", null);
    }

    private static boolean takesBody(HandlerMethod action) {
        return Arrays.stream(action.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
    }

    private static boolean mayHaveBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static void requireJson(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String header = request.getContentType();
        MediaType type;
        try {
            type = header == null ? null : MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException malformed) {
            type = null;
        }
        // Not isCompatibleWith: that would take application/json-patch+json for application/json.
        if (type == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON),
                    HttpMethod.valueOf(request.getMethod()));
        }
    }

    private static ErrorResponseException refusal(String code, String detail, String field) {
        ProblemDetail problem = GlobalProblems.problem(HttpStatus.BAD_REQUEST, code, detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
