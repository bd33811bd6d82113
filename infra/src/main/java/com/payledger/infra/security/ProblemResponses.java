package com.payledger.infra.security;

import com.payledger.infra.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The refusals of the security layer as problem+json: 401 UNAUTHENTICATED (no key, or one that is unknown or
 * revoked, or an invalid JWT: the answer does not say which), 403 FORBIDDEN (the key's role may not call this
 * endpoint; 404 NOT_FOUND and 405 METHOD_NOT_ALLOWED when it names no endpoint, as for every role, see
 * {@link ApiRoutes}), 503 TOKEN_ISSUER_UNAVAILABLE (a JWT cannot be checked because its issuer is unreachable) and 503
 * SERVICE_BUSY (a key cannot be looked up because the database cannot be reached).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** After a failed discovery the next attempt comes 10 s later (JwtCallers.DISCOVERY_BACKOFF). */
    private static final String ISSUER_RETRY_AFTER_SECONDS = "10";

    private final ApiRoutes routes;

    ProblemResponses(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        boolean presentedCredentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presentedCredentials
                ? "Bearer realm=\"payledger\", error=\"invalid_token\"" : "Bearer realm=\"payledger\"");
        ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                "send a valid API key as Authorization: Bearer <key>");
    }

    /** 503 TOKEN_ISSUER_UNAVAILABLE: a JWT cannot be checked now because its issuer cannot be reached. */
    void issuerUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, ISSUER_RETRY_AFTER_SECONDS);
        ProblemWriter.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "TOKEN_ISSUER_UNAVAILABLE",
                "the token's issuer cannot be reached to check it; retry later");
    }

    /** 503 SERVICE_BUSY: the caller's key cannot be looked up because the database cannot be reached. */
    void databaseUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        ProblemWriter.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_BUSY",
                "the ledger cannot reach its database to check the key now; nothing was recorded, retry the request");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        ApiRoutes.Route route = routes.of(request);
        if (!route.pathExists()) {
            ProblemWriter.write(request, response, HttpStatus.NOT_FOUND, "NOT_FOUND", "no endpoint has this path");
        } else if (!route.methodExists()) {
            response.setHeader(HttpHeaders.ALLOW, String.join(", ", route.allowed()));
            ProblemWriter.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "this path does not take " + request.getMethod());
        } else {
            ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "this key's role may not call this endpoint");
        }
    }
}
