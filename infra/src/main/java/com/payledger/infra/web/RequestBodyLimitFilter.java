package com.payledger.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code PAYLEDGER_MAX_REQUEST_BODY_BYTES} with 413 PAYLOAD_TOO_LARGE: at once
 * when the Content-Length says so, and while reading when a chunked body grows past the limit (then
 * {@link GlobalProblems} turns the {@link BodyTooLarge} into the same answer). No request of this API needs more.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** Thrown by the body stream once a request reads past the limit. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    private final long maxBytes;

    RequestBodyLimitFilter(@Value("${payledger.limits.request-body-bytes}") long maxBytes) {
        // Below 1 every request with a body, so every write, was refused with 413 while the service looked healthy.
        if (maxBytes < 1) {
            throw new IllegalArgumentException("PAYLEDGER_MAX_REQUEST_BODY_BYTES must be at least 1, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    static String detail(long maxBytes) {
        return "the request body must be at most " + maxBytes + " bytes";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            ProblemWriter.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    detail(maxBytes));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    private static final class LimitedRequest extends WrappedBodyRequest {

        private final long maxBytes;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        ServletInputStream wrap(ServletInputStream body) {
            return new LimitedStream(body, maxBytes);
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int next = delegate.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = delegate.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws BodyTooLarge {
            read += bytes;
            if (read > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
