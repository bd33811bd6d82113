package com.payledger.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON body of nothing but white space is no body. Many HTTP clients send a line break as the body of every POST;
 * the actions whose body is optional (pausing, skipping) took it for JSON and answered {@code INVALID_FIELD_TYPE} for a
 * field nobody sent, and those that need one said the same instead of that it is missing. JSON's own white space
 * before the first token means nothing, so the body stream skips it: Spring then sees either the JSON as sent or an
 * empty body, which it answers as it answers no body at all.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class BlankBodyAsNone extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(isJson(request.getContentType()) ? new TrimmedRequest(request) : request, response);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            // Only these can be JSON: a form's or a text's white space is its content.
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || type.getSubtype().endsWith("+json");
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    private static final class TrimmedRequest extends WrappedBodyRequest {

        TrimmedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        ServletInputStream wrap(ServletInputStream body) {
            return new LeadingWhiteSpaceSkipped(body);
        }
    }

    /** The stream from its first byte that is not JSON white space (RFC 8259: space, tab, line feed, return). */
    private static final class LeadingWhiteSpaceSkipped extends ServletInputStream {

        private final ServletInputStream delegate;
        private boolean started;
        /** The first byte past the white space, read to find it and not yet handed on; -1 when none is held. */
        private int held = -1;

        LeadingWhiteSpaceSkipped(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            start();
            if (held >= 0) {
                int first = held;
                held = -1;
                return first;
            }
            return delegate.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            start();
            if (held >= 0) {
                buffer[offset] = (byte) held;
                held = -1;
                return 1;
            }
            return delegate.read(buffer, offset, length);
        }

        private void start() throws IOException {
            if (started) {
                return;
            }
            started = true;
            int next = delegate.read();
            while (next == ' ' || next == '\t' || next == '\n' || next == '\r') {
                next = delegate.read();
            }
            held = next;
        }

        @Override
        public boolean isFinished() {
            return held < 0 && delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return held >= 0 || delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
