package com.payledger.infra.security.apikey;

import com.payledger.command.web.InputRules;
import com.payledger.command.web.Problems;
import com.payledger.infra.security.ApiRole;
import com.payledger.infra.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Key management for ADMIN callers: issue a key (its secret is shown this once), list keys, revoke one. */
@Tag(name = "Administration")
@RestController
// produces: a caller that accepts no JSON is refused (406) before the request is acted on, not after.
@RequestMapping(path = "/api/v1/admin/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyController {

    /** The shape of every key id the service issues (a random UUID, as Java writes it). */
    private static final Pattern KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** {@code ownerId}: a CLIENT key's owner, for that role only; {@code name}: optional. */
    record IssueRequest(String role, @Nullable String ownerId, @Nullable String name) {
    }

    record IssuedBody(String id, String key, String prefix, String role, @Nullable String ownerId,
                      @Nullable String name, Instant createdAt, String createdBy) {
    }

    record Items(List<ApiKeyView> items) {
    }

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @Operation(operationId = "issueApiKey",
            summary = "Issue an API key", description = "role is CLIENT (then ownerId is required: the owner "
            + "whose money the key may read and move), AUDITOR or ADMIN. The response is the only time the key is "
            + "shown; only its hash is stored. name: at most " + ApiKeys.NAME_LENGTH_MAX + " characters, no control "
            + "characters.",
            responses = @ApiResponse(responseCode = "201", description = "The key, with its secret"))
    @PostMapping
    ResponseEntity<IssuedBody> issue(@RequestBody IssueRequest request) {
        ApiRole role = role(request.role());
        String ownerId = role == ApiRole.CLIENT ? InputRules.ownerId(request.ownerId(), "ownerId") : null;
        if (role != ApiRole.CLIENT && request.ownerId() != null) {
            throw Problems.badRequest("OWNER_ID_NOT_ALLOWED", "ownerId", "only a CLIENT key has an ownerId");
        }
        ApiKeys.IssuedKey issued = keys.issue(role, ownerId, name(request.name()), issuer());
        ApiKeyView view = issued.view();
        return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + view.id())).body(new IssuedBody(
                view.id(), issued.key(), view.prefix(), view.role(), view.ownerId(), view.name(), view.createdAt(),
                view.createdBy()));
    }

    @Operation(operationId = "listApiKeys",
            summary = "Every API key, revoked ones included, oldest first (never the secrets)")
    @GetMapping
    Items list() {
        return new Items(keys.list());
    }

    @Operation(operationId = "revokeApiKey",
            summary = "Revoke an API key", description = "Takes effect at once on the instance that answers, and "
            + "within PAYLEDGER_KEY_CACHE_TTL (default 5 s) on the others. Revoking a revoked key changes nothing.",
            responses = @ApiResponse(responseCode = "200", description = "The key, with revokedAt"))
    @DeleteMapping("/{id}")
    ApiKeyView revoke(@PathVariable String id) {
        // A UUID's hex digits may be written in either case (RFC 9562); the service issues and stores lower case.
        String keyId = id.toLowerCase(Locale.ROOT);
        if (!KEY_ID.matcher(keyId).matches()) {
            // As on every other path: an id no key can have is the client's bug, not a key that is missing.
            throw Problems.badRequest("INVALID_ID", "id", "an API key id is a UUID as issued, such as "
                    + "0b6c1c3e-4f5a-4c1e-9a57-2f1d8f6f1a2b");
        }
        return keys.revoke(keyId, issuer()).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                Problems.problem(HttpStatus.NOT_FOUND, "API_KEY_NOT_FOUND", "no such API key"), null));
    }

    private static ApiRole role(String role) {
        InputRules.required(role, "role");
        try {
            return ApiRole.valueOf(role);
        } catch (IllegalArgumentException unknown) {
            throw Problems.badRequest("INVALID_ROLE", "role", "role must be CLIENT, AUDITOR or ADMIN");
        }
    }

    private static String name(String name) {
        if (name != null && (InputRules.characters(name) > ApiKeys.NAME_LENGTH_MAX
                || InputRules.hasControlCharacter(name))) {
            throw Problems.badRequest("INVALID_NAME", "name", "name must be at most " + ApiKeys.NAME_LENGTH_MAX
                    + " characters without control characters");
        }
        return name;
    }

    private static String issuer() {
        return Caller.current().map(Caller::principal)
                .orElseThrow(() -> new IllegalStateException("the security filter chain lets only ADMIN callers in"));
    }
}
