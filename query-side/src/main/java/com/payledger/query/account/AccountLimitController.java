package com.payledger.query.account;

import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import com.payledger.query.web.VersionedAnswer;
import com.payledger.query.web.VersionedRead;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of an account: what it may change, the overdraft limit, and the version to change it on
 * ({@code If-Match} of {@code PATCH /api/v1/accounts/{id}}), never the balance, which the operator may not read.
 * Without it the only caller allowed to change a limit could not learn the version a conditional change needs.
 */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = "/api/v1/admin/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
class AccountLimitController {

    /** {@code overdraftLimit} null for an EXTERNAL account, which has no lower bound. */
    record AccountLimitView(String id, String ownerId, String currency,
                            @Schema(allowableValues = {"STANDARD", "EXTERNAL"}) String type,
                            @Schema(allowableValues = {"OPEN", "CLOSED"}) String status,
                            @Nullable Long overdraftLimit, long version) {
    }

    private final AccountQueries accounts;

    AccountLimitController(AccountQueries accounts) {
        this.accounts = accounts;
    }

    @Operation(operationId = "getAccountLimit", summary = "An account's overdraft limit and version, without its "
            + "balance (ADMIN)", description = "What PATCH /api/v1/accounts/{id} changes, with the ETag its If-Match "
            + "takes; any owner's account.")
    @VersionedRead
    @GetMapping("/{id}")
    ResponseEntity<AccountLimitView> get(@PathVariable String id) {
        AccountView account = accounts.getAccount(PathIds.ledgerId(id))
                .orElseThrow(() -> QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account"));
        return VersionedAnswer.ok(account.version(), new AccountLimitView(account.id(), account.ownerId(),
                account.currency(), account.type(), account.status(), account.overdraftLimit(), account.version()));
    }
}
