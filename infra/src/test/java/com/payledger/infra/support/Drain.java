package com.payledger.infra.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Many clients at once try to move more money out of one account than it holds, spread over one or more service
 * instances. Afterwards exactly the transfers that fit were accepted, each appears once in the statement, the
 * account never went below zero, and money still sums to zero.
 */
public final class Drain {

    private Drain() {
    }

    public static void drainAndCheck(List<LedgerClient> instances, JdbcTemplate jdbc, int transfers, long funding,
                                     long amount) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String bank = "bank-" + suffix;
        String source = "source-" + suffix;
        LedgerClient first = instances.get(0);
        first.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        first.openAccount(source, "EUR", "drained", null);
        List<String> sinks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sinks.add("sink-" + i + "-" + suffix);
            first.openAccount(sinks.get(i), "EUR", "receiver", null);
        }
        assertThat(first.transfer("fund-" + suffix, bank, source, funding, "EUR").status()).isEqualTo(201);

        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtOnce.run(transfers, n -> {
            String id = "drain-" + n + "-" + suffix;
            Response response = instances.get(n % instances.size())
                    .transfer(id, source, sinks.get(n % sinks.size()), amount, "EUR");
            if (response.status() == 201) {
                accepted.add(id);
            } else if (response.status() != 422 || !"EXCEEDS_AVAILABLE_BALANCE".equals(response.code())) {
                unexpected.add(id + " -> " + response.status() + " " + response.raw().body());
            }
        });

        assertThat(unexpected).as("answers other than 201 or 422 EXCEEDS_AVAILABLE_BALANCE").isEmpty();
        long fits = funding / amount;
        assertThat(accepted).as("accepted transfers").hasSize((int) Math.min(fits, transfers));
        long expectedBalance = funding - accepted.size() * amount;
        for (LedgerClient instance : instances) {
            assertThat(instance.postedBalance(source)).isEqualTo(expectedBalance).isNotNegative();
        }
        assertThat(LedgerInvariants.foldedBalance(jdbc, source)).isEqualTo(expectedBalance);
        assertThat(debitsInStatement(first, source)).as("every accepted transfer exactly once in the statement")
                .containsExactlyInAnyOrderElementsOf(accepted);
        long received = 0;
        for (String sink : sinks) {
            received += first.postedBalance(sink);
        }
        assertThat(received).isEqualTo(accepted.size() * amount);
        LedgerInvariants.assertBalancesSumToZeroPerCurrency(jdbc);
    }

    private static List<String> debitsInStatement(LedgerClient client, String accountId) {
        List<String> ids = new ArrayList<>();
        Set<Long> sequences = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/api/v1/accounts/" + accountId + "/entries?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body();
            for (JsonNode item : page.get("items")) {
                assertThat(sequences.add(item.get("sequence").asLong())).isTrue();
                if ("DEBIT".equals(item.get("direction").asString())) {
                    ids.add(item.get("transferId").asString());
                }
            }
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return ids;
    }
}
