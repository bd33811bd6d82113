package com.payledger.query.account;

import com.payledger.query.access.Reader;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
class AccountQueryController {

    private final AccountQueries accounts;

    AccountQueryController(AccountQueries accounts) {
        this.accounts = accounts;
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    AccountView get(@PathVariable String id, Reader reader) {
        return accounts.getAccount(PathIds.ledgerId(id), reader)
                .orElseThrow(() -> QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account"));
    }
}
