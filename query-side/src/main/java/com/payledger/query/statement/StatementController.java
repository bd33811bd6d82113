package com.payledger.query.statement;

import com.payledger.query.access.Reader;
import com.payledger.query.account.AccountQueries;
import com.payledger.query.web.PageRequest;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
class StatementController {

    private final StatementQueries statements;
    private final AccountQueries accounts;

    StatementController(StatementQueries statements, AccountQueries accounts) {
        this.statements = statements;
        this.accounts = accounts;
    }

    @Operation(operationId = "listEntries",
            summary = "An account's statement, newest first", description = "Keyset-paged: pass nextCursor back "
            + "as cursor. limit is 1 to 500 (default 50); from (inclusive) and to (exclusive) are ISO-8601 instants "
            + "on postedAt.")
    @GetMapping(path = "/api/v1/accounts/{id}/entries", produces = MediaType.APPLICATION_JSON_VALUE)
    StatementPage entries(@PathVariable String id, @RequestParam(required = false) String limit,
                          @RequestParam(required = false) String cursor, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to, Reader reader) {
        PathIds.ledgerId(id);
        int pageSize = PageRequest.limit(limit);
        Long before = PageRequest.cursor(cursor);
        Instant fromInstant = PageRequest.instant(from, "from");
        Instant toInstant = PageRequest.instant(to, "to");
        if (accounts.getAccount(id, reader).isEmpty()) {
            throw QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account");
        }
        return statements.findEntries(id, before, fromInstant, toInstant, pageSize);
    }
}
