package com.payledger.infra.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.server.RequestPath;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Whether an API request the security layer refuses names an endpoint at all. A refusal for the caller's role is 403,
 * but a path or method that does not exist is 404 or 405 for everyone: an ADMIN key had 403 for PUT on an account and
 * for a misspelt path, where a CLIENT key had 405 and 404, so the answer told the role apart rather than the mistake.
 * Only the API's own endpoints are looked up (the actuator's are mapped elsewhere).
 */
final class ApiRoutes {

    /** What the request names: an endpoint, no path, or a path without this method ({@code allowed}: the others). */
    record Route(boolean pathExists, boolean methodExists, Set<String> allowed) {
    }

    private static final String API = "/api/";
    private final ObjectProvider<RequestMappingHandlerMapping> endpoints;

    ApiRoutes(ObjectProvider<RequestMappingHandlerMapping> endpoints) {
        this.endpoints = endpoints;
    }

    Route of(HttpServletRequest request) {
        RequestMappingHandlerMapping mapping = endpoints.getIfAvailable();
        if (mapping == null || !request.getRequestURI().startsWith(API)) {
            return new Route(true, true, Set.of());
        }
        RequestPath parsedBefore = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request) : null;
        ServletRequestPathUtils.parseAndCache(request);
        try {
            return mapping.getHandler(request) == null ? new Route(false, false, Set.of())
                    : new Route(true, true, Set.of());
        } catch (HttpRequestMethodNotSupportedException wrongMethod) {
            Set<String> allowed = new TreeSet<>();
            if (wrongMethod.getSupportedHttpMethods() != null) {
                wrongMethod.getSupportedHttpMethods().forEach(method -> allowed.add(method.name()));
            }
            return new Route(true, false, allowed);
        } catch (Exception refusedOtherwise) {
            // The endpoint exists and refuses the request for another reason (its media types, say): the role decides.
            return new Route(true, true, Set.of());
        } finally {
            if (parsedBefore == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                ServletRequestPathUtils.setParsedRequestPath(parsedBefore, request);
            }
        }
    }
}
