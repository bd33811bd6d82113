package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/accounts}: an owner's accounts a page at a time, filtered, and only to whom may read them. */
class AccountListingIT extends LedgerHttpTest {

    @Test
    void givenAnOwnersAccounts_whenListedAPageAtATime_thenEachComesOnceInIdOrderWithItsBalance() {
        String owner = unique("lister");
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = unique("acc") + "-" + i;
            assertThat(client.openAccount(id, i < 3 ? "EUR" : "JPY", owner, null).status()).isEqualTo(201);
            opened.add(id);
        }
        String bank = unique("bank");
        client.openAccount(bank, "EUR", owner, "EXTERNAL");
        client.transfer(unique("fund"), bank, opened.get(0), 1_234, "EUR");
        LedgerClient ownersKey = client.withKey(client.clientKey(owner));

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ownersKey.get("/api/v1/accounts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .body();
            page.get("items").forEach(item -> listed.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);

        List<String> all = new ArrayList<>(opened);
        all.add(bank);
        assertThat(listed).containsExactlyElementsOf(all.stream().sorted().toList());
        assertThat(pages).isEqualTo(3);
        JsonNode first = ownersKey.get("/api/v1/accounts?limit=500").body().get("items");
        JsonNode funded = find(first, opened.get(0));
        assertThat(funded).isEqualTo(client.get("/api/v1/accounts/" + opened.get(0)).body());
        assertThat(funded.get("balance").get("posted").asLong()).isEqualTo(1_234);
    }

    @Test
    void givenFilters_whenListed_thenOnlyMatchingAccountsCome() {
        String owner = unique("filter");
        String euros = unique("eur");
        String yen = unique("jpy");
        String closed = unique("closed");
        String bank = unique("bank");
        client.openAccount(euros, "EUR", owner, null);
        client.openAccount(yen, "JPY", owner, null);
        client.openAccount(closed, "EUR", owner, null);
        client.openAccount(bank, "EUR", owner, "EXTERNAL");
        assertThat(client.post("/api/v1/accounts/" + closed + "/close").status()).isEqualTo(200);

        assertThat(ids("ownerId=" + owner + "&currency=JPY")).containsExactly(yen);
        assertThat(ids("ownerId=" + owner + "&status=CLOSED")).containsExactly(closed);
        assertThat(ids("ownerId=" + owner + "&status=OPEN&currency=EUR&type=STANDARD")).containsExactly(euros);
        assertThat(ids("ownerId=" + owner + "&type=EXTERNAL")).containsExactly(bank);
        assertThat(ids("ownerId=" + owner + "&currency=USD")).isEmpty();
        assertThat(ids("ownerId=" + unique("nobody"))).isEmpty();
    }

    @Test
    void givenTwoOwners_whenEachLists_thenAClientSeesOnlyItsOwnAndAnAuditorEveryOwners() {
        String owner = unique("mine");
        String other = unique("theirs");
        String mine = unique("m");
        String theirs = unique("t");
        client.openAccount(mine, "EUR", owner, null);
        client.openAccount(theirs, "EUR", other, null);
        LedgerClient ownersKey = client.withKey(client.clientKey(owner));

        assertThat(ids(ownersKey, "")).contains(mine).doesNotContain(theirs);
        assertThat(ids(ownersKey, "ownerId=" + other)).isEmpty();
        assertThat(ids(client.withKey(client.auditorKey()), "ownerId=" + other)).containsExactly(theirs);
        assertThat(client.anonymous().get("/api/v1/accounts").status()).isEqualTo(401);
        assertThat(client.withKey(LedgerClient.TEST_ADMIN_KEY).get("/api/v1/accounts").status()).isEqualTo(403);
    }

    @Test
    void givenBadParameters_whenListed_thenEachIsA400WithItsCode() {
        assertThat(code("limit=0")).isEqualTo("INVALID_LIMIT");
        assertThat(code("limit=501")).isEqualTo("INVALID_LIMIT");
        assertThat(code("status=FROZEN")).isEqualTo("INVALID_STATUS");
        assertThat(code("type=SAVINGS")).isEqualTo("INVALID_ACCOUNT_TYPE");
        assertThat(code("currency=eur")).isEqualTo("INVALID_CURRENCY");
        // No ISO-4217 code: a typo found nothing (200, empty), where a body with it is refused.
        assertThat(code("currency=QQQ")).isEqualTo("INVALID_CURRENCY");
        assertThat(code("currency=%00AB")).isEqualTo("INVALID_CURRENCY");
        assertThat(code("ownerId=%00")).isEqualTo("INVALID_OWNER_ID");
        assertThat(code("ownerId=-x")).isEqualTo("INVALID_OWNER_ID");
        assertThat(code("cursor=not-a-cursor!")).isEqualTo("INVALID_CURSOR");
        // Well-formed base64url, but not a key any page ends with.
        assertThat(code("cursor=azpcdTAwMDA")).isEqualTo("INVALID_CURSOR");
    }

    private String code(String query) {
        Response answer = client.get("/api/v1/accounts?" + query);
        assertThat(answer.status()).as(query).isEqualTo(400);
        assertThat(answer.contentType()).as(query).startsWith("application/problem+json");
        return answer.code();
    }

    private List<String> ids(String query) {
        return ids(client, query);
    }

    private static List<String> ids(LedgerClient caller, String query) {
        Response answer = caller.get("/api/v1/accounts?limit=500&" + query);
        assertThat(answer.status()).as(query).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.body().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not listed in " + items);
    }
}
