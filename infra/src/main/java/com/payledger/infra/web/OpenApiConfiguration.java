package com.payledger.infra.web;

import com.payledger.command.account.AccountId;
import com.payledger.command.transfer.TransferRules;
import com.payledger.command.web.IfMatch;
import com.payledger.command.web.InputRules;
import com.payledger.query.access.Reader;
import com.payledger.query.web.PageRequest;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs}: generated from the controllers, plus what the generator cannot
 * see, namely the problem+json error responses every endpoint may give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    // Every stable code the service answers, under its status, so that clients can branch on them all; OperationsIT
    // checks the codes and statuses a review found missing here, and the README lists the same.
    private static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("400", "Malformed or invalid input (codes MALFORMED_JSON, UNREADABLE_BODY for a missing or "
                    + "unreadable body, UNKNOWN_FIELD, INVALID_FIELD_TYPE, MISSING_FIELD, INVALID_ID, "
                    + "INVALID_OWNER_ID, INVALID_CURRENCY, INVALID_TEXT, INVALID_METADATA, INVALID_ACCOUNT_TYPE, "
                    + "INVALID_OVERDRAFT_LIMIT, INVALID_RRULE, RRULE_TOO_COSTLY, INVALID_DATE, INVALID_TIME, "
                    + "INVALID_TIME_ZONE, INVALID_SHORT_MONTH_POLICY, INVALID_CATCH_UP_POLICY, "
                    + "INVALID_CATCH_UP_WINDOW, INVALID_RETRY_POLICY, INVALID_ROLE, OWNER_ID_NOT_ALLOWED, "
                    + "INVALID_NAME, INVALID_LIMIT, INVALID_CURSOR, INVALID_STATUS, INVALID_UNTIL, INVALID_POSITION, "
                    + "INVALID_TREE_SIZE, INVALID_TIMESTAMP, INVALID_PARAMETER, UNKNOWN_PARAMETER and "
                    + "REPEATED_PARAMETER (a query parameter the operation does not take, or given twice), "
                    + "INVALID_IF_MATCH, "
                    + "UNSUPPORTED_PRECONDITION (a precondition header this change does not evaluate), "
                    + "MALFORMED_REQUEST for a path, query or headers refused before any endpoint runs, and "
                    + "BAD_REQUEST for other input the framework refuses, such as a malformed actuator parameter). An "
                    + "action that takes no body refuses any but a blank one, {} or null as application/json. Nothing "
                    + "changed."),
            Map.entry("401", "No API key, or an unknown or revoked one, two Authorization headers, or an invalid "
                    + "JWT (UNAUTHENTICATED). Nothing changed."),
            Map.entry("403", "The key's role may not call this endpoint (FORBIDDEN), or a client acted for another "
                    + "owner (FOREIGN_OWNER), or a key other than ADMIN opened an EXTERNAL account "
                    + "(EXTERNAL_ACCOUNT_NEEDS_OPERATOR) or one with an overdraft (OVERDRAFT_NEEDS_OPERATOR), or "
                    + "changed an overdraft limit (FORBIDDEN). "
                    + "Nothing changed."),
            Map.entry("404", "Unknown resource, or another owner's, which a client cannot tell apart "
                    + "(ACCOUNT_NOT_FOUND, TRANSFER_NOT_FOUND, SCHEDULE_NOT_FOUND, NO_CHECKPOINT, "
                    + "PROJECTION_NOT_FOUND, NO_REBUILD, API_KEY_NOT_FOUND, NOT_FOUND). Nothing changed."),
            Map.entry("405", "The path exists, but not with this method (METHOD_NOT_ALLOWED). Nothing changed."),
            Map.entry("406", "The Accept header does not admit application/json (q=0 refuses a range), or does not "
                    + "parse (NOT_ACCEPTABLE). Nothing changed."),
            Map.entry("409", "The id was already used for a different request (ID_REUSED_WITH_DIFFERENT_PAYLOAD), "
                    + "the occurrence a skip named is no longer the next one (OCCURRENCE_NOT_NEXT), or a rebuild is "
                    + "already running (REBUILD_ALREADY_RUNNING). Nothing changed."),
            Map.entry("412", "The resource is past every version If-Match named (PRECONDITION_FAILED). Nothing "
                    + "changed."),
            Map.entry("413", "The request body is larger than the limit (PAYLOAD_TOO_LARGE). Nothing changed."),
            Map.entry("415", "The body is not application/json, has two Content-Type headers, declares a charset "
                    + "other than UTF-8, or has a Content-Encoding other than identity (UNSUPPORTED_MEDIA_TYPE). "
                    + "Nothing changed."),
            Map.entry("422", "A business rule rejected the command; code names the rule (AMOUNT_MUST_BE_POSITIVE, "
                    + "AMOUNT_TOO_LARGE, SAME_ACCOUNT, ACCOUNT_CLOSED, CURRENCY_MISMATCH, EXCEEDS_AVAILABLE_BALANCE, "
                    + "BALANCE_WOULD_OVERFLOW, BALANCE_MUST_BE_ZERO, SCHEDULE_CANCELLED, SCHEDULE_COMPLETED, "
                    + "SCHEDULE_SUSPENDED, NO_FUTURE_OCCURRENCE, PAUSE_END_MUST_BE_IN_THE_FUTURE, "
                    + "SCHEDULE_LIMIT_REACHED, NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT), or a forecast "
                    + "would show a balance past what a balance can hold (FORECAST_OUT_OF_RANGE). Nothing changed."),
            Map.entry("429", "The key exceeded its request rate, or the client's address failed to authenticate too "
                    + "often (RATE_LIMITED); retry after Retry-After seconds."),
            Map.entry("500", "An unexpected failure, naming only the request id to quote (INTERNAL_ERROR), or a "
                    + "stored event a balance as of an instant needs was altered in the store so that it cannot be "
                    + "read (EVENT_STORE_UNREADABLE, naming the event)."),
            Map.entry("503", "Lost every retry against concurrent writers, or an account's lock was not had within "
                    + "a minute (CONCURRENT_UPDATE), the database is saturated or briefly unavailable "
                    + "(SERVICE_BUSY), or a JWT's issuer cannot be reached to check it (TOKEN_ISSUER_UNAVAILABLE); "
                    + "retry after Retry-After. Nothing changed. Or the connection to the database broke while the "
                    + "request was served (DATABASE_CONNECTION_LOST): a command may or may not have been recorded, "
                    + "so read its result or retry it (the same id, or a skip-next naming its occurrence, is applied "
                    + "once)."));

    static {
        // The caller's read scope comes from its API key, never from the request: not a parameter clients send.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Reader.class);
        // A header, described by ConditionalChanges, not a parameter object.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(IfMatch.class);
    }

    @Bean
    OpenAPI payledgerOpenApi(@Value("${payledger.limits.request-body-bytes}") long bodyBytes,
                             @Value("${payledger.limits.amount-minor-max}") long amountMax,
                             @Value("${payledger.security.rate-limit.requests-per-second}") double rate,
                             @Value("${payledger.security.rate-limit.burst}") double burst) {
        return new OpenAPI().info(new Info().title("payledger").version("v1").description("""
                Event-sourced payments ledger. Amounts are integers in the currency's minor units (cents for EUR, \
                yen for JPY); balances are 64-bit integers that may pass 2^53, so parse them exactly (not as \
                doubles, as JavaScript's JSON.parse does). Client-chosen ids are idempotency keys: the identical \
                request again answers as the first did and records nothing. Every error is RFC 9457 \
                application/problem+json with a stable `code`.

                **Authentication.** Every endpoint but health and this description needs an API key as \
                `Authorization: Bearer <key>`. A CLIENT key acts for one owner: it opens accounts and schedules for \
                that owner, debits only that owner's accounts (it may credit any open account of the currency) and \
                reads only that owner's accounts, entries, transfers and schedules; another owner's resource \
                answers 404. An AUDITOR key reads everything, including /api/v1/audit, and changes nothing. An \
                ADMIN key manages keys and operations (/api/v1/admin, /actuator) and reads no money.

                """ + limits(bodyBytes, amountMax, rate, burst)))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("an API key issued by POST /api/v1/admin/api-keys; where the service is "
                                + "configured with an issuer (PAYLEDGER_JWT_ISSUER_URI), also a JWT of that issuer "
                                + "whose claims name the role and, for a CLIENT, the owner")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /** The input limits, written from the constants and settings that enforce them so the two never drift. */
    static String limits(long bodyBytes, long amountMax, double rate, double burst) {
        return "**Limits.** Request bodies: at most " + bodyBytes + " bytes (413 PAYLOAD_TOO_LARGE). "
                + "Unknown JSON fields, wrong types, fractional numbers and numbers given as strings or blank: 400. "
                + "Ids (accounts, transfers, schedules): " + AccountId.FORMAT.pattern() + ", 1 to 64 characters. "
                + "ownerId: " + InputRules.OWNER_ID_FORMAT.pattern() + ". "
                + "Amounts: integers from 1 to " + amountMax + " minor units (hard cap "
                + TransferRules.AMOUNT_MINOR_MAX + "). Currencies: ISO-4217 codes; an account's must be current "
                + "and have minor units. "
                + "Text lengths count characters (Unicode code points, as PostgreSQL does). "
                + "name and description: at most " + InputRules.TEXT_LENGTH_MAX + " characters, no control "
                + "characters (an API key's name: see its operation). metadata: at most "
                + InputRules.METADATA_ENTRIES_MAX + " string entries, keys of 1 to "
                + InputRules.METADATA_KEY_LENGTH_MAX + " and values of at most " + InputRules.METADATA_VALUE_LENGTH_MAX
                + " characters. Page sizes (limit): 1 to " + PageRequest.LIMIT_MAX + ", default "
                + PageRequest.LIMIT_DEFAULT + " (a schedule's upcoming runs: see its operation). "
                + "Rate: " + rateText(rate, burst) + " (429 RATE_LIMITED with "
                + "Retry-After).";
    }

    private static String rateText(double rate, double burst) {
        return rate == 0 ? "unlimited" : String.format(java.util.Locale.ROOT,
                "%.0f requests per second per API key and instance, bursts of %.0f", rate, burst);
    }

    @Bean
    RecordComponentPresence recordComponentPresence() {
        return new RecordComponentPresence();
    }

    @Bean
    ParameterSchemas parameterSchemas() {
        return new ParameterSchemas();
    }

    @Bean
    VersionedReads versionedReads() {
        return new VersionedReads();
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
