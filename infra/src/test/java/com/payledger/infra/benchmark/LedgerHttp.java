package com.payledger.infra.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's API client: one owner's back end, with a real CLIENT key, moving money among its accounts
 * {@code a0} to {@code a<accounts - 1>} and reading them. Every operation returns whether it got the expected status.
 */
final class LedgerHttp {

    static final int STATEMENT_PAGE = 20;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;
    private final int accounts;
    private final AtomicLong ids = new AtomicLong();

    LedgerHttp(String base, String key, int accounts) {
        this.base = base;
        this.key = key;
        this.accounts = accounts;
    }

    /** One unit between two random accounts; {@code hot}: always from {@code a0}. */
    boolean transfer(boolean hot) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int debit = hot ? 0 : random.nextInt(accounts);
        int credit = (debit + 1 + random.nextInt(accounts - 1)) % accounts;
        return transfer("b" + ids.incrementAndGet(), debit, credit) == 201;
    }

    /** {@code GET /api/v1/accounts/{id}}: the balance, from the read model. */
    boolean balance() throws Exception {
        return get("/api/v1/accounts/a" + ThreadLocalRandom.current().nextInt(accounts)).statusCode() == 200;
    }

    /** {@code GET /api/v1/accounts/{id}/entries?limit=20}: the newest page of a statement. */
    boolean statement() throws Exception {
        return get("/api/v1/accounts/a" + ThreadLocalRandom.current().nextInt(accounts) + "/entries?limit="
                + STATEMENT_PAGE).statusCode() == 200;
    }

    /**
     * A transfer, then at once the credited account's newest statement entry: true when that entry is the transfer,
     * so the read model held it as soon as the write returned. Run it with no other load on the accounts.
     */
    boolean readsOwnWrite() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int debit = random.nextInt(accounts);
        int credit = (debit + 1 + random.nextInt(accounts - 1)) % accounts;
        String id = "own-" + ids.incrementAndGet();
        if (transfer(id, debit, credit) != 201) {
            return false;
        }
        HttpResponse<String> page = get("/api/v1/accounts/a" + credit + "/entries?limit=1");
        return page.statusCode() == 200 && page.body().contains("\"transferId\":\"" + id + "\"");
    }

    private int transfer(String id, int debit, int credit) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"debitAccountId\":\"a" + debit + "\",\"creditAccountId\":\"a" + credit
                + "\",\"amount\":1,\"currency\":\"EUR\"}";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/transfers"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
