package com.payledger.infra.security;

import com.payledger.infra.security.HostileRequest.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Generates hostile requests for every endpoint of the API, each sent with a key whose role may call the endpoint
 * (so the request reaches the input handling rather than stopping at the door). An endpoint's valid request is the
 * starting point: one thing about it is made hostile, so each request probes one rule at a time.
 */
final class HostileRequests {

    /** The ledger the requests aim at: accounts, a transfer and a schedule that exist, and the keys to use. */
    record Fixture(String owner, String ownerKey, String otherOwnerKey, String auditorKey, String adminKey,
                   String payer, String payee, String transferId, String scheduleId, String today) {
    }

    /** Who calls an endpoint: the fixture owner's CLIENT key, it or the auditor, the auditor, or an admin. */
    enum Caller { OWNER, READER, AUDITOR, ADMIN }

    /** A query parameter and the hostile values it gets; a required one is always sent. */
    record Param(String name, List<String> pool, boolean required) {
    }

    /** A body field: its valid JSON token and the hostile tokens made for its type. */
    record Field(String name, String token, List<String> pool) {
    }

    /**
     * An endpoint. {@code path} may hold {@code {id}}: the fixture's {@code validId} goes there, or, when it is
     * null, always a hostile segment (endpoints that would change the fixture if given a real id).
     */
    record Endpoint(String method, String path, String validId, Caller caller, List<Param> params,
                    Supplier<List<Field>> body, int weight) {

        String name() {
            return method + " " + path;
        }

        boolean hasId() {
            return path.contains("{id}");
        }
    }

    private static final String CURSOR = "cursor";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final int BODY_LIMIT = 65_536;

    private final HostileValues values;
    private final Fixture fixture;
    private final List<Endpoint> endpoints;
    private final String runPrefix;
    private int serial;

    HostileRequests(HostileValues values, Fixture fixture, String runPrefix) {
        this.values = values;
        this.fixture = fixture;
        this.runPrefix = runPrefix;
        this.endpoints = new ArrayList<>();
        endpoints.addAll(new HostileEndpoints(this, fixture).all());
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    HostileValues values() {
        return values;
    }

    /** A fresh, valid id: hostile requests that happen to be valid must not collide with each other. */
    String freshId(String prefix) {
        return prefix + "-" + runPrefix + "-" + serial++;
    }

    HostileRequest next() {
        Endpoint endpoint = weighted();
        List<Kind> kinds = kindsFor(endpoint);
        return generate(endpoint, kinds.get(values.below(kinds.size())));
    }

    HostileRequest generate(Endpoint endpoint, Kind kind) {
        Draft draft = new Draft(endpoint);
        switch (kind) {
            case PATH_VARIABLE -> draft.hostileId();
            case QUERY -> draft.hostileQuery();
            case FIELD_VALUE -> draft.hostileField();
            case MISSING_FIELD -> draft.missingField();
            case UNKNOWN_FIELD -> draft.unknownField();
            case DUPLICATE_KEY -> draft.duplicateKey();
            case WHOLE_BODY -> draft.wholeBody();
            case CONTENT_TYPE -> draft.contentType();
            case OVERSIZED -> draft.oversized(false);
            case OVERSIZED_CHUNKED -> draft.oversized(true);
            case METHOD -> draft.method();
            case HEADERS -> draft.headers();
            default -> throw new IllegalArgumentException(kind.name());
        }
        return draft.build(kind);
    }

    static List<Kind> kindsFor(Endpoint endpoint) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.METHOD, Kind.HEADERS));
        if (endpoint.hasId()) {
            kinds.add(Kind.PATH_VARIABLE);
        }
        if (!endpoint.params().isEmpty()) {
            kinds.add(Kind.QUERY);
        }
        if (endpoint.body() != null) {
            kinds.addAll(List.of(Kind.FIELD_VALUE, Kind.FIELD_VALUE, Kind.FIELD_VALUE, Kind.MISSING_FIELD,
                    Kind.UNKNOWN_FIELD, Kind.DUPLICATE_KEY, Kind.WHOLE_BODY, Kind.WHOLE_BODY));
        }
        if (!endpoint.method().equals("GET")) {
            kinds.addAll(List.of(Kind.CONTENT_TYPE, Kind.OVERSIZED, Kind.OVERSIZED_CHUNKED));
        }
        return kinds;
    }

    private Endpoint weighted() {
        int total = endpoints.stream().mapToInt(Endpoint::weight).sum();
        int ticket = values.below(total);
        for (Endpoint endpoint : endpoints) {
            ticket -= endpoint.weight();
            if (ticket < 0) {
                return endpoint;
            }
        }
        throw new IllegalStateException("weights");
    }

    private String keyFor(Caller caller) {
        return switch (caller) {
            case OWNER -> fixture.ownerKey();
            case READER -> values.chance(0.5) ? fixture.ownerKey() : fixture.auditorKey();
            case AUDITOR -> fixture.auditorKey();
            case ADMIN -> fixture.adminKey();
        };
    }

    static String toJson(List<Field> fields) {
        StringBuilder json = new StringBuilder("{");
        for (Field field : fields) {
            json.append(json.length() == 1 ? "" : ",").append('"').append(field.name()).append("\":")
                    .append(field.token());
        }
        return json.append('}').toString();
    }

    /** A request being made hostile: starts as the endpoint's valid request. */
    private final class Draft {

        private final Endpoint endpoint;
        private String method;
        private String id;
        private final List<String> query = new ArrayList<>();
        private List<Field> fields;
        private String contentType;
        private byte[] body;
        private boolean chunked;
        private String authorization;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String variant = "";

        Draft(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.method = endpoint.method();
            this.id = endpoint.validId();
            if (endpoint.hasId() && id == null) {
                hostileId();
            }
            if (endpoint.body() != null) {
                fields = new ArrayList<>(endpoint.body().get());
                contentType = "application/json";
            }
            for (Param param : endpoint.params()) {
                if (param.required()) {
                    query.add(param.name() + "=" + HostileValues.encode(param.pool().get(0)));
                }
            }
            authorization = "Bearer " + keyFor(endpoint.caller());
        }

        void hostileId() {
            id = values.pathSegment();
            note("id=" + id);
        }

        void hostileQuery() {
            query.clear();
            for (Param param : endpoint.params()) {
                if (param.required() || values.chance(0.6)) {
                    String value = param.name().equals(CURSOR) ? values.forgedCursor()
                            : values.queryValue(param.pool());
                    query.add(param.name() + "=" + value);
                }
            }
            if (query.isEmpty() || values.chance(0.15)) {
                Param param = endpoint.params().get(values.below(endpoint.params().size()));
                query.add(values.pick(List.of(param.name(), param.name() + "=" + values.queryValue(param.pool()),
                        "%00=1", param.name() + "%00=1", "=", "&&", param.name() + "[]=1")));
            }
            note(String.join("&", query));
        }

        void hostileField() {
            int index = values.below(fields.size());
            Field field = fields.get(index);
            String token = switch (values.below(10)) {
                case 0, 1, 2, 3, 4 -> values.pick(field.pool());
                case 5, 6 -> values.stringToken();
                case 7, 8 -> values.pick(HostileValues.NUMBERS);
                default -> values.pick(HostileValues.SHAPES);
            };
            fields.set(index, new Field(field.name(), token, field.pool()));
            note(field.name() + "=" + token);
        }

        void missingField() {
            Field removed = fields.remove(values.below(fields.size()));
            if (values.chance(0.3)) {
                fields.add(new Field(removed.name(), "null", removed.pool()));
                note(removed.name() + "=null");
            } else {
                note("without " + removed.name());
            }
        }

        void unknownField() {
            String name = values.pick(List.of("surprise", "ID", "Amount", "amountMinor", "balance", "status",
                    "__proto__", "constructor", "@type", "$where", "", "\\u0000", "id ", "owner_id", "debit_account_id",
                    "<script>", "${jndi:ldap://x/a}", "x".repeat(300), "metadata.k", "role"));
            String token = values.chance(0.5) ? values.stringToken() : values.pick(HostileValues.SHAPES);
            fields.add(values.below(fields.size() + 1), new Field(name, token, List.of()));
            note("unknown " + name + "=" + token);
        }

        void duplicateKey() {
            Field field = fields.get(values.below(fields.size()));
            String token = values.chance(0.5) ? values.pick(field.pool()) : field.token();
            fields.add(values.chance(0.5) ? 0 : fields.size(), new Field(field.name(), token, field.pool()));
            note("twice " + field.name() + ": " + token);
        }

        void wholeBody() {
            String json = toJson(fields);
            fields = null;
            int choice = values.below(17);
            note("whole body #" + choice);
            body = switch (choice) {
                case 0 -> utf8(json.substring(0, values.below(json.length())));
                case 1 -> randomBytes(1 + values.below(300));
                case 2 -> new byte[0];
                case 3 -> utf8(values.pick(List.of("null", "1", "-1", "\"x\"", "true", "[]", "{}", " ", "\n")));
                case 4 -> utf8("[" + json + "]");
                case 5 -> utf8("[".repeat(5_000) + "]".repeat(5_000));
                case 6 -> utf8("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000));
                case 7 -> utf8(json + values.pick(List.of(" x", json, ",", "}", "\u0000", " // c")));
                case 8 -> utf8("/* c */" + json);
                case 9 -> utf8(json.replace('"', '\''));
                case 10 -> utf8(json.substring(0, json.length() - 1) + ",}");
                case 11 -> utf8("\ufeff" + json);
                case 12 -> invalidUtf8(json);
                case 13 -> json.getBytes(StandardCharsets.UTF_16);
                case 14 -> utf8(json.replace(":", ": ").replace(",", " ,\t\r\n"));
                case 15 -> utf8("{" + "\"k\":1,".repeat(20_000).substring(0, 60_000) + "\"k\":1}");
                default -> utf8(json.replaceFirst("\"", "\"\\\\u00"));
            };
        }

        void contentType() {
            if (body == null && fields == null) {
                body = utf8("{}");
            }
            contentType = values.chance(0.1) ? null : values.pick(HostileValues.CONTENT_TYPES);
            note("Content-Type " + contentType);
        }

        void oversized(boolean streamed) {
            int size = values.pick(List.of(BODY_LIMIT + 1, BODY_LIMIT + 1_000, 200_000, 1_500_000));
            String json = fields == null ? "{}" : toJson(fields);
            int padding = Math.max(0, size - json.length());
            body = utf8(switch (values.below(3)) {
                // Valid JSON but for its size: the parser reads on to the end, so only the limit can stop it.
                case 0 -> json.substring(0, json.length() - 1) + " ".repeat(padding) + "}";
                case 1 -> fields == null || fields.isEmpty() ? "\"" + "x".repeat(padding) + "\""
                        : json.replaceFirst(":", ":\"" + "x".repeat(padding) + "\",\"_\":");
                default -> "x".repeat(size);
            });
            fields = null;
            chunked = streamed;
            note(body.length + " bytes" + (streamed ? ", chunked" : ""));
        }

        void method() {
            List<String> others = new ArrayList<>(METHODS);
            others.remove(endpoint.method());
            method = values.pick(others);
            fields = null;
            note(method);
        }

        void headers() {
            switch (values.below(4)) {
                case 0 -> {
                    String accept = values.pick(HostileValues.ACCEPTS);
                    headers.put("Accept", accept);
                    note("Accept " + accept);
                }
                case 1 -> {
                    authorization = values.pick(List.of("Bearer " + "k".repeat(600), "Bearer", "Bearer  ",
                            "Basic dXNlcjpwYXNz", "Bearer ${jndi:ldap://127.0.0.1/a}", "Bearer ' or '1'='1",
                            "bearer " + keyFor(endpoint.caller()), "Bearer " + keyFor(endpoint.caller()) + " x",
                            "Bearer " + keyFor(endpoint.caller()) + "x", "Token " + keyFor(endpoint.caller())));
                    note("Authorization " + authorization);
                }
                case 2 -> {
                    authorization = "Bearer " + values.pick(List.of(fixture.ownerKey(), fixture.otherOwnerKey(),
                            fixture.auditorKey(), fixture.adminKey()));
                    note("another role's or owner's key");
                }
                default -> {
                    headers.put("X-Request-Id", values.pick(List.of("x".repeat(300), "${jndi:ldap://x/a}",
                            "'; drop table x; --", "<script>", "a b")));
                    headers.put("X-Correlation-Id", values.pick(List.of("", "\u00e9", "../../etc/passwd")));
                    note("trace ids");
                }
            }
        }

        private void note(String detail) {
            variant = variant.isEmpty() ? detail : variant + "; " + detail;
        }

        HostileRequest build(Kind kind) {
            if (fields != null && body == null) {
                body = utf8(toJson(fields));
            }
            String path = endpoint.path().replace("{id}", id == null ? "" : id)
                    + (query.isEmpty() ? "" : "?" + String.join("&", query));
            return new HostileRequest(endpoint.name(), kind, variant, method, path, contentType, body, chunked,
                    authorization, headers);
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) values.below(256);
            }
            return bytes;
        }

        private byte[] invalidUtf8(String json) {
            byte[] valid = utf8(json);
            int quote = json.indexOf(":\"");
            if (quote < 0) {
                return randomBytes(16);
            }
            byte[] broken = valid.clone();
            broken[quote + 2] = (byte) values.pick(List.of(0xC3, 0xFF, 0xC0, 0xED, 0x80)).intValue();
            return broken;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
