package com.payledger.infra.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs}: generated from the controllers, plus what the generator cannot
 * see, namely the problem+json error responses every endpoint may give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final Map<String, String> ERRORS = Map.of(
            "400", "Malformed or invalid input (codes such as MALFORMED_JSON, UNKNOWN_FIELD, INVALID_FIELD_TYPE, "
                    + "MISSING_FIELD, INVALID_ID, INVALID_CURRENCY, INVALID_LIMIT, INVALID_CURSOR, INVALID_RRULE, "
                    + "INVALID_DATE, INVALID_TIME, INVALID_TIME_ZONE, INVALID_RETRY_POLICY, INVALID_STATUS, "
                    + "INVALID_UNTIL, INVALID_POSITION, INVALID_TREE_SIZE). Nothing changed.",
            "404", "Unknown resource (ACCOUNT_NOT_FOUND, TRANSFER_NOT_FOUND, SCHEDULE_NOT_FOUND, NO_CHECKPOINT, "
                    + "PROJECTION_NOT_FOUND, NO_REBUILD, NOT_FOUND). Nothing changed.",
            "409", "The id was already used for a different request (ID_REUSED_WITH_DIFFERENT_PAYLOAD), or a "
                    + "rebuild is already running (REBUILD_ALREADY_RUNNING).",
            "422", "A business rule rejected the command; code names the rule (AMOUNT_MUST_BE_POSITIVE, "
                    + "AMOUNT_TOO_LARGE, SAME_ACCOUNT, ACCOUNT_CLOSED, CURRENCY_MISMATCH, EXCEEDS_AVAILABLE_BALANCE, "
                    + "BALANCE_WOULD_OVERFLOW, BALANCE_MUST_BE_ZERO, SCHEDULE_CANCELLED, SCHEDULE_COMPLETED, "
                    + "SCHEDULE_SUSPENDED, NO_FUTURE_OCCURRENCE, PAUSE_END_MUST_BE_IN_THE_FUTURE). Nothing changed.",
            "503", "Lost every retry against concurrent writers (CONCURRENT_UPDATE); retry after Retry-After.");

    @Bean
    OpenAPI payledgerOpenApi() {
        return new OpenAPI().info(new Info().title("payledger").version("v1").description("""
                Event-sourced payments ledger. Amounts are integers in the currency's minor units (cents for EUR, \
                yen for JPY). Client-chosen ids are idempotency keys: the identical request again answers as the \
                first did and records nothing. Every error is RFC 9457 application/problem+json with a stable \
                `code`."""));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("stable machine-readable error code"))
                .addProperty("field", new StringSchema().description("the offending field, for input errors"));
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                ERRORS.forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                        new ApiResponse().description(description).content(new Content()
                                .addMediaType("application/problem+json", new MediaType().schema(problem)))))));
    }
}
