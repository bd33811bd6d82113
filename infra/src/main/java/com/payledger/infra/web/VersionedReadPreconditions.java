package com.payledger.infra.web;

import com.payledger.command.web.IfMatch;
import com.payledger.query.web.VersionedRead;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The two preconditions of a {@link VersionedRead} that Spring leaves alone on a read (RFC 9110, section 13.2.2):
 * {@code If-Match} naming none of the resource's current tag is 412 {@code PRECONDITION_FAILED} (a malformed one 400
 * {@code INVALID_IF_MATCH}, as on a change), and {@code If-None-Match: *}, which any existing resource matches, is 304.
 * Spring answers {@code If-None-Match} with tags itself, before this runs. Both need the answer's {@code ETag}, so they
 * are evaluated once the handler has answered and before its body is written.
 */
@ControllerAdvice
class VersionedReadPreconditions implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.hasMethodAnnotation(VersionedRead.class);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        String etag = response.getHeaders().getETag();
        if (etag == null || !(request instanceof ServletServerHttpRequest servlet)) {
            return body;
        }
        HttpServletRequest read = servlet.getServletRequest();
        List<String> ifMatch = Collections.list(read.getHeaders(HttpHeaders.IF_MATCH));
        if (!ifMatch.isEmpty()) {
            List<Long> accepted = IfMatch.of(String.join(", ", ifMatch)).acceptedVersions();
            if (accepted != null && accepted.stream().map(IfMatch::etag).noneMatch(etag::equals)) {
                throw new ErrorResponseException(HttpStatus.PRECONDITION_FAILED, GlobalProblems.problem(
                        HttpStatus.PRECONDITION_FAILED, "PRECONDITION_FAILED", "the resource is at " + etag
                                + ", none of the versions If-Match named"), null);
            }
        } else if (Collections.list(read.getHeaders(HttpHeaders.IF_NONE_MATCH)).stream()
                .anyMatch(VersionedReadPreconditions::namesAnyTag)) {
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return null;
        }
        return body;
    }

    private static boolean namesAnyTag(String ifNoneMatch) {
        return ifNoneMatch.strip().equals("*");
    }
}
