package com.payledger.query.account;

import com.payledger.events.IdFormat;
import com.payledger.query.access.Reader;
import com.payledger.query.web.KeyCursor;
import com.payledger.query.web.ListFilters;
import com.payledger.query.web.PageRequest;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import com.payledger.query.web.VersionedAnswer;
import com.payledger.query.web.VersionedRead;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/v1/accounts")
class AccountQueryController {

    static final Set<String> STATUSES = Set.of("OPEN", "CLOSED");
    static final Set<String> TYPES = Set.of("STANDARD", "EXTERNAL");

    record AccountPage(List<AccountView> items, @Nullable String nextCursor) {
    }

    private final AccountQueries accounts;

    AccountQueryController(AccountQueries accounts) {
        this.accounts = accounts;
    }

    @Operation(operationId = "listAccounts",
            summary = "Accounts, by owner, status, currency and type", description = "Ordered by id; limit 1 to "
            + "500 (default 50); pass nextCursor back as cursor (null on the last page). status is OPEN or CLOSED, "
            + "type STANDARD or EXTERNAL. A client sees its own owner's accounts only; an auditor every owner's. "
            + "Each item is the account as GET /api/v1/accounts/{id} shows it.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    AccountPage list(@RequestParam(required = false) String ownerId, @RequestParam(required = false) String status,
              @RequestParam(required = false) String currency, @RequestParam(required = false) String type,
              @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
              Reader reader) {
        int pageSize = PageRequest.limit(limit);
        ListFilters.ownerId(ownerId);
        ListFilters.oneOf(status, STATUSES, "INVALID_STATUS", "status");
        ListFilters.currency(currency);
        ListFilters.oneOf(type, TYPES, "INVALID_ACCOUNT_TYPE", "type");
        String after = KeyCursor.decode(cursor);
        if (after != null && !IdFormat.CLIENT_ID.matches(after)) {
            throw KeyCursor.invalid();
        }
        // A client sees its own accounts only: asking for another owner's finds none, as a missing owner would.
        Optional<String> confinedTo = reader.confinedTo();
        if (confinedTo.isPresent() && ownerId != null && !confinedTo.get().equals(ownerId)) {
            return new AccountPage(List.of(), null);
        }
        AccountQueries.Filter filter = new AccountQueries.Filter(confinedTo.orElse(ownerId), status, currency, type);
        List<AccountView> rows = accounts.findAccounts(filter, after, pageSize + 1);
        if (rows.size() <= pageSize) {
            return new AccountPage(rows, null);
        }
        List<AccountView> page = rows.subList(0, pageSize);
        return new AccountPage(page, KeyCursor.encode(page.get(pageSize - 1).id()));
    }

    /**
     * The {@code ETag} is the account's version, which every event moves, so it stands for the whole answer; it is
     * what {@code If-Match} on {@code PATCH /api/v1/accounts/{id}} takes, and {@code If-None-Match} here answers 304
     * while the account is unchanged (Spring compares it).
     */
    @Operation(operationId = "getAccount", summary = "An account with its balance")
    @VersionedRead
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> get(@PathVariable String id, Reader reader) {
        AccountView account = accounts.getAccount(PathIds.ledgerId(id), reader)
                .orElseThrow(() -> QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account"));
        return VersionedAnswer.ok(account.version(), account);
    }
}
