package com.payledger.infra.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One generated request, exactly as it goes on the wire.
 *
 * @param endpoint      the endpoint it aims at, such as {@code POST /api/v1/transfers}
 * @param kind          what is hostile about it
 * @param variant       the hostile detail, for the failure report
 * @param method        the HTTP method sent, which a METHOD variant changes
 * @param path          path and query, already percent-encoded
 * @param contentType   the Content-Type header, or null for none
 * @param body          the body bytes, or null for none
 * @param chunked       send the body without a Content-Length (chunked), as a stream of unknown length
 * @param authorization the Authorization header, or null for none
 * @param headers       further headers
 */
record HostileRequest(String endpoint, Kind kind, String variant, String method, String path, String contentType,
                      byte[] body, boolean chunked, String authorization, Map<String, String> headers) {

    /** What a request does wrong. */
    enum Kind {
        PATH_VARIABLE, QUERY, FIELD_VALUE, MISSING_FIELD, UNKNOWN_FIELD, DUPLICATE_KEY, WHOLE_BODY, CONTENT_TYPE,
        OVERSIZED, OVERSIZED_CHUNKED, METHOD, HEADERS
    }

    private static final int SHOWN_MAX = 300;

    /** The request in a few lines, long values cut, for a failure message that leads back to it. */
    String describe() {
        StringBuilder text = new StringBuilder(endpoint).append(" [").append(kind).append(": ")
                .append(cut(variant)).append("]\n    ").append(method).append(' ').append(cut(path));
        if (contentType != null) {
            text.append("\n    Content-Type: ").append(cut(contentType));
        }
        headers.forEach((name, value) -> text.append("\n    ").append(name).append(": ").append(cut(value)));
        if (body != null) {
            text.append("\n    body (").append(body.length).append(" bytes").append(chunked ? ", chunked" : "")
                    .append("): ").append(cut(new String(body, StandardCharsets.UTF_8)));
        }
        return text.toString();
    }

    /** Everything sent, uncut: what the service could echo back. */
    String describeFully() {
        return method + " " + path + "\n" + contentType + "\n" + authorization + "\n" + headers + "\n"
                + (body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    static String cut(String value) {
        String printable = value.replace("\u0000", "\\u0000").replace("\r", "\\r").replace("\n", "\\n");
        return printable.length() <= SHOWN_MAX ? printable
                : printable.substring(0, SHOWN_MAX) + "... (" + printable.length() + " chars)";
    }
}
