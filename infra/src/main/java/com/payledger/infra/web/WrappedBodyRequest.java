package com.payledger.infra.web;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body stream a filter wraps. The reader reads that same wrapped stream: the container's own reader
 * would go round the wrapper, and whatever the filter guards (a size limit) with it.
 */
abstract class WrappedBodyRequest extends HttpServletRequestWrapper {

    private ServletInputStream stream;

    WrappedBodyRequest(HttpServletRequest request) {
        super(request);
    }

    /** The stream the handlers read in place of {@code body}; made once, on the first read. */
    abstract ServletInputStream wrap(ServletInputStream body);

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = wrap(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}
