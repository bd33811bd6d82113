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
 * The two refusals of the security layer as problem+json: 401 UNAUTHENTICATED (no key, or one that is unknown or
 * revoked: the answer does not say which) and 403 FORBIDDEN (the key's role may not call this endpoint).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        boolean presentedCredentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presentedCredentials
                ? "Bearer realm=\"payledger\", error=\"invalid_token\"" : "Bearer realm=\"payledger\"");
        ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                "send a valid API key as Authorization: Bearer <key>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                "this key's role may not call this endpoint");
    }
}
