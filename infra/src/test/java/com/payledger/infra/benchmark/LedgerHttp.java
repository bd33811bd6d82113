package com.payledger.infra.benchmark;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's API client: one owner's back end, with a real CLIENT key, moving money among its accounts
 * {@code a0} to {@code a<accounts - 1>} and reading them. Every operation returns whether it got the expected status.
 * Requests go over {@link KeepAliveHttp}'s pooled connections, which {@link #close} closes.
 */
final class LedgerHttp implements AutoCloseable {

    static final int STATEMENT_PAGE = 20;

    private final KeepAliveHttp http;
    private final String authorization;
    private final int accounts;
    private final AtomicLong ids = new AtomicLong();

    LedgerHttp(String base, String key, int accounts) {
        this.http = new KeepAliveHttp(base);
        this.authorization = "Bearer " + key;
        this.accounts = accounts;
    }

    /** One unit between two random accounts; {@code hot}: always from {@code a0}. */
    boolean transfer(boolean hot) throws Exception {
        int debit = hot ? 0 : ThreadLocalRandom.current().nextInt(accounts);
        return transfer("b" + ids.incrementAndGet(), debit, creditFor(debit)) == 201;
    }

    /** One unit from account {@code a<debit>} to {@code a<credit>}. */
    boolean transfer(int debit, int credit) throws Exception {
        return transfer("b" + ids.incrementAndGet(), debit, credit) == 201;
    }

    /** {@code GET /api/v1/accounts/{id}}: the balance, from the read model. */
    boolean balance() throws Exception {
        return get("/api/v1/accounts/a" + ThreadLocalRandom.current().nextInt(accounts)).status() == 200;
    }

    /** {@code GET /api/v1/accounts/{id}/entries?limit=20}: the newest page of a statement. */
    boolean statement() throws Exception {
        return get("/api/v1/accounts/a" + ThreadLocalRandom.current().nextInt(accounts) + "/entries?limit="
                + STATEMENT_PAGE).status() == 200;
    }

    /** {@link StackFloor}: {@code kind} is {@code constant} or {@code point-select}. */
    boolean floorRead(String kind) throws Exception {
        return get(StackFloor.PATH + "/" + kind).status() == 200;
    }

    /** {@link StackFloor}'s command shape for benchmark client {@code client}, with a random transfer's body. */
    boolean floorCommandShape(int client) throws Exception {
        int debit = ThreadLocalRandom.current().nextInt(accounts);
        return http.postJson(StackFloor.PATH + "/command-shape/" + client, authorization,
                transferBody("f" + ids.incrementAndGet(), debit, creditFor(debit))).status() == 201;
    }

    /**
     * A transfer, then at once the credited account's newest statement entry: true when that entry is the transfer,
     * so the read model held it as soon as the write returned. Run it with no other load on the accounts.
     */
    boolean readsOwnWrite() throws Exception {
        int debit = ThreadLocalRandom.current().nextInt(accounts);
        int credit = creditFor(debit);
        String id = "own-" + ids.incrementAndGet();
        if (transfer(id, debit, credit) != 201) {
            return false;
        }
        KeepAliveHttp.Response page = get("/api/v1/accounts/a" + credit + "/entries?limit=1");
        return page.status() == 200 && page.body().contains("\"transferId\":\"" + id + "\"");
    }

    /** A random account other than {@code debit}. */
    private int creditFor(int debit) {
        return (debit + 1 + ThreadLocalRandom.current().nextInt(accounts - 1)) % accounts;
    }

    private int transfer(String id, int debit, int credit) throws IOException {
        return http.postJson("/api/v1/transfers", authorization, transferBody(id, debit, credit)).status();
    }

    private static String transferBody(String id, int debit, int credit) {
        return "{\"id\":\"" + id + "\",\"debitAccountId\":\"a" + debit + "\",\"creditAccountId\":\"a" + credit
                + "\",\"amount\":1,\"currency\":\"EUR\"}";
    }

    private KeepAliveHttp.Response get(String path) throws IOException {
        return http.get(path, authorization);
    }

    @Override
    public void close() {
        http.close();
    }
}
