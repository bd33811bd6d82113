package com.payledger.infra.benchmark;

import com.payledger.query.account.AccountView;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The least a request can cost in the service's own HTTP stack: handlers that do none of the ledger's work, or only
 * a baseline's JDBC work, behind everything a ledger request goes through (Tomcat, Spring Security with a real
 * CLIENT key, the per-key rate limiter's filter, the other filters, Micrometer's request observation, Spring MVC,
 * Jackson). Whatever ratio to a baseline these reach, no ledger handler on this stack can beat, since it does at least
 * their work.
 *
 * <p>Test code, so never part of the shipped service; the service's component scan finds it on the test class path,
 * and it is mounted only where {@value #ACCOUNTS} is set: in the benchmark's tuned service, not in any test's.
 */
@RestController
@ConditionalOnProperty(StackFloor.ACCOUNTS)
@RequestMapping(StackFloor.PATH)
class StackFloor {

    static final String PATH = "/api/v1/benchmark-floor";
    /** The setting that mounts it: the number of accounts the benchmark seeded. */
    static final String ACCOUNTS = "benchmark.floor.accounts";
    /** The answer of the GET floors: a balance read's answer, the same shape and about the same size. */
    static final AccountView ACCOUNT = new AccountView("a1", "EUR", TransferBenchmark.OWNER, "STANDARD", "OPEN", 0L,
            null, Map.of(), new AccountView.Balance(1_000_000_000L, 0, 1_000_000_000L), 1);

    /** A transfer request's body, field for field, so Jackson parses what it parses for a transfer. */
    record TransferBody(String id, String debitAccountId, String creditAccountId, long amount, String currency) {
    }

    /** An answer about the size of a posted transfer's. */
    record TransferAnswer(String id, String debitAccountId, String creditAccountId, long amount, String currency,
                          String status) {
    }

    private final Baselines baselines;

    /** The baselines' statements on the service's own pool, as the ledger's handlers would run them. */
    StackFloor(JdbcTemplate jdbc, @Value("${" + ACCOUNTS + "}") int accounts) {
        this.baselines = new Baselines(jdbc, accounts);
    }

    /** Nothing but the answer. */
    @GetMapping("/constant")
    AccountView constant() {
        return ACCOUNT;
    }

    /** Baseline (c), the point select of a random account's balance, then the same answer. */
    @GetMapping("/point-select")
    AccountView pointSelect() {
        if (!baselines.pointSelect()) {
            throw new IllegalStateException("no such account");
        }
        return ACCOUNT;
    }

    /**
     * Baseline (b), the command shape on the streams of benchmark client {@code client} (each client has its own, as
     * in the baseline, so two requests never race for one stream), for a transfer request's body.
     */
    @PostMapping("/command-shape/{client}")
    @ResponseStatus(HttpStatus.CREATED)
    TransferAnswer commandShape(@PathVariable int client, @RequestBody TransferBody body) {
        if (!baselines.commandShape(client)) {
            throw new IllegalStateException("the command shape inserted nothing");
        }
        return new TransferAnswer(body.id(), body.debitAccountId(), body.creditAccountId(), body.amount(),
                body.currency(), "POSTED");
    }
}
