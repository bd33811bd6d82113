package com.payledger.command.account;

import static com.payledger.command.web.InputRules.accountCurrency;
import static com.payledger.command.web.InputRules.id;
import static com.payledger.command.web.InputRules.metadata;
import static com.payledger.command.web.InputRules.ownerId;
import static com.payledger.command.web.InputRules.required;
import static com.payledger.command.web.InputRules.text;

import com.payledger.command.transfer.TransferRules;
import com.payledger.command.web.IfMatch;
import com.payledger.command.web.Problems;
import com.payledger.events.account.AccountType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Opens and closes accounts. Reads are served by the query side. */
@Tag(name = "Accounts")
@RestController
// produces: a caller that accepts no JSON is refused (406) before the request is acted on, not after.
@RequestMapping(path = "/api/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
class AccountCommandController {

    /** The same cap as a transfer's amount, so an overdraft can never push a balance near overflow. */
    static final long OVERDRAFT_LIMIT_MAX = 1_000_000_000_000_000L;

    private final CommandGateway commands;

    AccountCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @Operation(operationId = "openAccount",
            summary = "Open an account", description = "Idempotent on id: the identical request answers with the "
            + "existing account and records nothing; different opening data for a taken id is a 409. A CLIENT key "
            + "opens STANDARD accounts without overdraft for its own ownerId; only an ADMIN key opens an EXTERNAL "
            + "one or one with an overdraftLimit above 0, for any owner (403 EXTERNAL_ACCOUNT_NEEDS_OPERATOR or "
            + "OVERDRAFT_NEEDS_OPERATOR otherwise): either lets its owner pay with money it does not have.",
            responses = @ApiResponse(responseCode = "201", description = "The account (new or, on retry, existing)"))
    @PostMapping
    ResponseEntity<AccountBody> open(@RequestBody OpenAccountRequest request) {
        OpenAccount command = toCommand(request);
        AccountState state = commands.sendAndWait(command);
        return ResponseEntity.created(URI.create("/api/v1/accounts/" + state.accountId()))
                .body(AccountBody.of(state));
    }

    @Operation(operationId = "closeAccount",
            summary = "Close an account at a zero balance", description = "Closing a closed account again "
            + "changes nothing. With If-Match (the ETag of GET /api/v1/accounts/{id}) only while the account is at "
            + "that version, else 412 PRECONDITION_FAILED; a closed account answers 200 all the same.",
            responses = @ApiResponse(responseCode = "200", description = "The closed account"))
    @PostMapping("/{id}/close")
    ResponseEntity<AccountBody> close(@PathVariable String id, IfMatch ifMatch) {
        AccountState state = commands.sendAndWait(new CloseAccount(new AccountId(id(id, "id")),
                ifMatch.acceptedVersions()));
        return ResponseEntity.ok().eTag(IfMatch.etag(state.version())).body(AccountBody.of(state));
    }

    /** The body of {@code PATCH /api/v1/accounts/{id}}. */
    record ChangeOverdraftLimitRequest(
            @Schema(minimum = "0", maximum = "" + TransferRules.AMOUNT_MINOR_MAX) Long overdraftLimit) {
    }

    /**
     * The answer to the operator, who may not read money: the account's limit, not its balance; {@code version}, the
     * account's after the change, is also its {@code ETag}.
     */
    record OverdraftLimitBody(String id, String ownerId, String status, long overdraftLimit, long version) {
    }

    @Operation(operationId = "changeOverdraftLimit",
            summary = "Give a STANDARD account another overdraft limit (ADMIN)", description = "Credit granted, "
            + "raised, lowered or withdrawn; only an ADMIN key changes it (403 otherwise). The same limit again "
            + "records nothing. A limit below what the account owes is taken: its debits are refused until it is "
            + "back within the limit. 422 NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT for an EXTERNAL account, ACCOUNT_CLOSED "
            + "for a closed one. With If-Match (the ETag of GET /api/v1/admin/accounts/{id}) the change is made only "
            + "while the account is at that version, else 412 PRECONDITION_FAILED, so that a late retry cannot undo "
            + "a later change; a limit already as asked answers 200 all the same.",
            responses = @ApiResponse(responseCode = "200", description = "The account's limit, without its balance"))
    @PatchMapping("/{id}")
    ResponseEntity<OverdraftLimitBody> changeOverdraftLimit(
            @PathVariable String id, @RequestBody ChangeOverdraftLimitRequest body, IfMatch ifMatch) {
        long limit = overdraftLimit(required(body.overdraftLimit(), "overdraftLimit"), AccountType.STANDARD);
        AccountId accountId = new AccountId(id(id, "id"));
        AccountState state = commands.sendAndWait(new ChangeOverdraftLimit(accountId, limit,
                ifMatch.acceptedVersions()));
        return ResponseEntity.ok().eTag(IfMatch.etag(state.version())).body(new OverdraftLimitBody(state.accountId(),
                state.ownerId(), state.open() ? "OPEN" : "CLOSED", state.overdraftLimit().amountMinor(),
                state.version()));
    }

    private static OpenAccount toCommand(OpenAccountRequest request) {
        String accountId = request.id() == null ? UUID.randomUUID().toString() : id(request.id(), "id");
        AccountType type = accountType(request.type());
        long overdraftLimit = overdraftLimit(request.overdraftLimit(), type);
        return new OpenAccount(new AccountId(accountId), ownerId(request.ownerId(), "ownerId"),
                accountCurrency(request.currency(), "currency"), type, overdraftLimit, text(request.name(), "name"),
                metadata(request.metadata(), "metadata"));
    }

    private static AccountType accountType(String type) {
        if (type == null) {
            return AccountType.STANDARD;
        }
        try {
            return AccountType.valueOf(type);
        } catch (IllegalArgumentException unknown) {
            throw Problems.badRequest("INVALID_ACCOUNT_TYPE", "type", "type must be STANDARD or EXTERNAL");
        }
    }

    private static long overdraftLimit(Long limit, AccountType type) {
        if (limit == null) {
            return 0;
        }
        if (type == AccountType.EXTERNAL || limit < 0 || limit > OVERDRAFT_LIMIT_MAX) {
            throw Problems.badRequest("INVALID_OVERDRAFT_LIMIT", "overdraftLimit", "overdraftLimit must be 0 to "
                    + OVERDRAFT_LIMIT_MAX + " minor units, and only a STANDARD account has one");
        }
        return limit;
    }
}
