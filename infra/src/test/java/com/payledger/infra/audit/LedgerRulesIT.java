package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * History that breaks the ledger's rules is reported whatever the read models hold: the audit hunt stored a debit
 * taking a STANDARD account below its limit behind the service's back, and after the rebuild the README advises for
 * drift, read models and log agreed and the check said consistent.
 */
class LedgerRulesIT {

    @Test
    void givenLegsStoredBehindTheServicesBack_whenCheckedAfterARebuild_thenEachBrokenRuleIsReported() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("erin", "EUR", "u-1", null);
            client.openAccount("dave", "EUR", "u-2", null);
            assertThat(client.transfer("t1", "bank", "erin", 100, "EUR").status()).isEqualTo(201);
            assertThat(kinds(client)).as("an honest ledger breaks no rule").isEmpty();

            // erin (limit 0, balance 100) debited 5000 for dave, both legs; then a credit to dave with no debit.
            storeLeg(database, "erin", 2, "AccountDebited", "forged-1", "\"creditAccountId\":\"dave\"", 5000);
            storeLeg(database, "dave", 1, "AccountCredited", "forged-1", "\"debitAccountId\":\"erin\"", 5000);
            storeLeg(database, "dave", 2, "AccountCredited", "forged-2", "\"debitAccountId\":\"bank\"", 7);
            assertThat(client.post("/api/v1/admin/projections/rebuild").status()).isEqualTo(202);
            Eventually.await(() -> client.get("/api/v1/admin/projections/rebuild").body(),
                    all -> all.valueStream().noneMatch(p -> p.get("state").asString().equals("RUNNING")),
                    Duration.ofSeconds(60), "the rebuild");

            JsonNode report = client.get("/api/v1/audit/consistency").body();
            assertThat(report.get("consistent").asBoolean()).as(report.toString()).isFalse();
            assertThat(kinds(client)).containsExactlyInAnyOrder("RULE_DEBIT_BEYOND_LIMIT erin#2",
                    "RULE_UNMATCHED_LEG forged-2");
        }
    }

    /** Stores one leg at the end of the account's stream, its metadata copied from the account's opening. */
    private static void storeLeg(String database, String account, int sequence, String type, String transfer,
                                 String counterparty, long amount) {
        TestDatabase.asSuperuser(database, """
                insert into event_store.domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                    metadata, payload, payloadrevision, payloadtype, timestamp)
                select '%1$s', %2$d, type, gen_random_uuid()::text, metadata,
                       convert_to('{"accountId":"%1$s","transferId":"%4$s",%5$s,"amount":{"amountMinor":%6$d,'
                                  || '"currency":"EUR"},"description":null,"metadata":{},'
                                  || '"postedAt":"2026-12-02T12:00:00Z"}', 'UTF8'),
                       payloadrevision, 'com.payledger.events.account.%3$s', timestamp
                  from event_store.domainevententry where aggregateidentifier = '%1$s' and sequencenumber = 0"""
                .formatted(account, sequence, type, transfer, counterparty, amount));
    }

    private static List<String> kinds(LedgerClient client) {
        List<String> rules = new ArrayList<>();
        client.get("/api/v1/audit/consistency").body().get("drifts").forEach(drift -> {
            if (drift.get("kind").asString().startsWith("RULE_")) {
                rules.add(drift.get("kind").asString() + " " + drift.get("subject").asString());
            }
        });
        return rules;
    }
}
