package com.payledger.command.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code If-Match} request header (RFC 9110, section 13.1.1) read against this API's entity tags: the strong tag
 * {@code "7"} names version 7 of a resource, as the {@code ETag} of {@code GET /api/v1/accounts/{id}} gives it. A
 * change made on condition of the version its caller saw cannot be replayed late: the retry of an operator's change,
 * arriving after a later change, would otherwise undo that one.
 *
 * <p>Entity tags are compared strongly: a weak tag ({@code W/"7"}) matches nothing, nor does a tag of another form
 * ({@code "07"}, {@code "abc"}), as neither was ever handed out here. A header that is no list of entity tags is
 * refused as malformed rather than read as a condition that never holds.
 *
 * <p>A change that evaluates the header takes an {@code IfMatch} parameter: the composition root reads it from the
 * request, describes the header and the answer's {@code ETag} in the API description, and refuses the header on every
 * change without such a parameter. So a controller says "this change is conditional" once, by its parameter's type.
 *
 * @param acceptedVersions the versions the header accepts; null without the header or with {@code *}, which asks only
 *                         that the resource exist; empty when none of its tags can match
 */
public record IfMatch(@Nullable List<Long> acceptedVersions) {

    public static final String HEADER = "If-Match";
    /** The header as the API description explains it. */
    public static final String DESCRIPTION = "Entity tags such as \"7\", the ETag an earlier answer carried: change "
            + "only while the resource is at one of these versions (* or none: at any)";
    private static final String TAG = "(W/)?\"[!#-~\\u0080-\\u00ff]*\"";
    /**
     * The header's form, for the API description: * or a list of entity tags, which may hold empty elements (RFC 9110,
     * section 5.6.1). Two If-Match headers are one list, as HTTP combines them.
     */
    public static final String FORM = "^[ \\t]*(\\*|(,[ \\t]*)*" + TAG + "([ \\t]*,([ \\t]*" + TAG + ")?)*)[ \\t]*$";
    /** The form of the tags handed out: a version, without leading zeros. */
    private static final Pattern VERSION_TAG = Pattern.compile("0|[1-9][0-9]{0,17}");

    /** No condition: the request had no If-Match. */
    public static final IfMatch NONE = new IfMatch(null);

    /** The entity tag of {@code version}, as the {@code ETag} response header carries it. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The condition {@code header} states (several If-Match headers joined by commas, as HTTP reads them).
     *
     * @throws org.springframework.web.ErrorResponseException 400 {@code INVALID_IF_MATCH} for a malformed header
     */
    public static IfMatch of(@Nullable String header) {
        if (header == null || header.strip().equals("*")) {
            return NONE;
        }
        List<Long> versions = new ArrayList<>();
        boolean anyTag = false;
        int at = 0;
        while (true) {
            // A list may hold empty elements (RFC 9110, section 5.6.1): commas and blanks between tags.
            while (at < header.length() && (header.charAt(at) == ',' || isBlank(header.charAt(at)))) {
                at++;
            }
            if (at == header.length()) {
                break;
            }
            boolean weak = header.startsWith("W/", at);
            int open = weak ? at + 2 : at;
            int close = open < header.length() && header.charAt(open) == '"' ? header.indexOf('"', open + 1) : -1;
            if (close < 0) {
                throw malformed();
            }
            String tag = header.substring(open + 1, close);
            if (!tag.chars().allMatch(IfMatch::isTagCharacter)) {
                throw malformed();
            }
            anyTag = true;
            if (!weak && VERSION_TAG.matcher(tag).matches()) {
                versions.add(Long.parseLong(tag));
            }
            at = close + 1;
            while (at < header.length() && isBlank(header.charAt(at))) {
                at++;
            }
            if (at < header.length() && header.charAt(at) != ',') {
                throw malformed();
            }
        }
        if (!anyTag) {
            throw malformed();
        }
        return new IfMatch(List.copyOf(versions));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code etagc}: visible ASCII but the double quote, and the bytes above it that HTTP leaves opaque. */
    private static boolean isTagCharacter(int c) {
        return c == 0x21 || c >= 0x23 && c <= 0x7E || c >= 0x80 && c <= 0xFF;
    }

    private static RuntimeException malformed() {
        return Problems.badRequest("INVALID_IF_MATCH", HEADER, "If-Match must be * or a list of entity tags such as "
                + "\"7\", the ETag an earlier answer carried");
    }
}
