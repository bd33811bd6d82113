package com.payledger.infra.web;

import com.payledger.events.IdFormat;
import com.payledger.query.web.PageRequest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Types the query and path parameters. The controllers read every parameter as text, so that a malformed one gets
 * the API's own code (INVALID_LIMIT, INVALID_POSITION, ...) instead of Spring's conversion error; the generator then
 * described each as a bare string, and a generated client typed a page size or a log position as text with no bounds.
 * The rules here are those the controllers enforce, checked against the service by {@code OperationsIT}.
 */
final class ParameterSchemas implements OpenApiCustomizer {

    private static final int UPCOMING_LIMIT_MAX = 100;
    private static final int UPCOMING_LIMIT_DEFAULT = 10;

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> describe(path, parameter));
            }
        }));
    }

    private static void describe(String path, Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        boolean untyped = schema != null && "string".equals(typeOf(schema)) && schema.getFormat() == null
                && schema.getPattern() == null && schema.getEnum() == null;
        if (!untyped) {
            return; // described where it is declared
        }
        // The generator hands every String parameter the same schema object: each gets one of its own.
        schema = text();
        parameter.setSchema(schema);
        String name = parameter.getName();
        if ("path".equals(parameter.getIn())) {
            describePathParameter(path, name, schema);
        } else {
            describeQueryParameter(path, name, parameter, schema);
        }
    }

    private static void describePathParameter(String path, String name, Schema<?> schema) {
        if ("name".equals(name)) {
            enumOf(schema, List.of("projection-accounts", "projection-transfers", "projection-schedules"));
        } else if (path.startsWith("/api/v1/admin/api-keys/")) {
            schema.setFormat("uuid");
        } else if (path.startsWith("/api/v1/transfers/")) {
            schema.setPattern("^(" + IdFormat.CLIENT_ID.pattern().pattern() + "|"
                    + IdFormat.SCHEDULED_TRANSFER_ID.pattern().pattern() + ")$");
        } else {
            schema.setPattern("^" + IdFormat.CLIENT_ID.pattern().pattern() + "$");
        }
    }

    private static void describeQueryParameter(String path, String name, Parameter parameter, Schema<?> schema) {
        switch (name) {
            case "limit" -> {
                boolean upcoming = path.endsWith("/upcoming");
                integer(schema, 1, upcoming ? UPCOMING_LIMIT_MAX : PageRequest.LIMIT_MAX);
                schema.setDefault(upcoming ? UPCOMING_LIMIT_DEFAULT : PageRequest.LIMIT_DEFAULT);
            }
            case "after" -> {
                integer(schema, -1, Long.MAX_VALUE);
                parameter.setDescription("the position (a stream's: sequence number) of the last item seen; "
                        + "absent or -1: from the first");
            }
            case "from", "to" -> {
                if (path.endsWith("/entries")) {
                    schema.setFormat("date-time");
                } else {
                    integer(schema, 0, Long.MAX_VALUE);
                }
            }
            case "asOf" -> schema.setFormat("date-time");
            case "until" -> schema.setFormat("date");
            case "cursor" -> parameter.setDescription("the nextCursor of the page before; absent for the first page");
            case "ownerId" -> schema.setPattern("^" + IdFormat.OWNER_ID.pattern().pattern() + "$");
            case "currency" -> schema.setPattern("^[A-Z]{3}$");
            case "type" -> enumOf(schema, List.of("STANDARD", "EXTERNAL"));
            case "status" -> enumOf(schema, path.startsWith("/api/v1/schedules")
                    ? List.of("ACTIVE", "PAUSED", "SUSPENDED", "CANCELLED", "COMPLETED") : List.of("OPEN", "CLOSED"));
            default -> {
                // a parameter with no rule of its own stays text
            }
        }
    }

    private static Schema<?> text() {
        Schema<Object> text = new Schema<>();
        text.setType("string");
        text.setTypes(Set.of("string"));
        return text;
    }

    private static String typeOf(Schema<?> schema) {
        if (schema.getTypes() != null && schema.getTypes().size() == 1) {
            return schema.getTypes().iterator().next();
        }
        return schema.getType();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void integer(Schema schema, long min, long max) {
        schema.setType("integer");
        schema.setTypes(Set.of("integer"));
        schema.setFormat(max > Integer.MAX_VALUE ? "int64" : "int32");
        schema.setMinimum(BigDecimal.valueOf(min));
        if (max != Long.MAX_VALUE) {
            schema.setMaximum(BigDecimal.valueOf(max));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void enumOf(Schema schema, List<String> values) {
        schema.setEnum(values);
    }
}
