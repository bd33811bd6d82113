package com.payledger.infra.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Many clients at once post transfers under one transfer id, spread over one or more service instances: half of
 * them the same request, the other half the same id with another amount. Afterwards exactly one transfer moved
 * money; every request for that transfer's payload got its original body, and every other request got 409
 * {@code ID_REUSED_WITH_DIFFERENT_PAYLOAD}. It races twice: with the source holding exactly enough for one transfer,
 * so that a request decided afresh after the winner committed would be refused on its balance, and with plenty, so
 * that every request would pass the balance rule. Either way the answer must come from the transfer holding the id.
 */
public final class SameTransferRace {

    private static final long AMOUNT = 100;

    private SameTransferRace() {
    }

    public static void raceAndCheck(List<LedgerClient> instances, JdbcTemplate jdbc, int clients) throws Exception {
        race(instances, jdbc, clients, AMOUNT);
        race(instances, jdbc, clients, 1_000 * AMOUNT);
    }

    private static void race(List<LedgerClient> instances, JdbcTemplate jdbc, int clients, long funding)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String bank = "bank-" + suffix;
        String source = "source-" + suffix;
        String sink = "sink-" + suffix;
        LedgerClient first = instances.get(0);
        first.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        first.openAccount(source, "EUR", "payer", null);
        first.openAccount(sink, "EUR", "payee", null);
        assertThat(first.transfer("fund-" + suffix, bank, source, funding, "EUR").status()).isEqualTo(201);

        String id = "same-" + suffix;
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtOnce.run(clients, n -> {
            long amount = n % 2 == 0 ? AMOUNT : AMOUNT - 1;
            answers.add(new Answer(amount, instances.get(n % instances.size()).transfer(id, source, sink, amount,
                    "EUR")));
        });

        List<Answer> posted = answers.stream().filter(answer -> answer.response().status() == 201).toList();
        assertThat(posted).as("requests answered 201").isNotEmpty();
        JsonNode original = posted.get(0).response().body();
        long movedAmount = original.get("amount").asLong();
        for (Answer answer : answers) {
            if (answer.amount() == movedAmount) {
                assertThat(answer.response().status()).as("a request for the transfer that moved money")
                        .isEqualTo(201);
                assertThat(answer.response().body()).as("its answer: the original body").isEqualTo(original);
            } else {
                assertThat(answer.response().status()).as("a request reusing the id: " + answer.response().raw()
                        .body()).isEqualTo(409);
                assertThat(answer.response().code()).isEqualTo("ID_REUSED_WITH_DIFFERENT_PAYLOAD");
            }
        }
        assertThat(jdbc.queryForObject("""
                select count(*) from event_store.domainevententry
                 where aggregateidentifier = ? and payloadtype like '%AccountDebited'""", Long.class, source))
                .as("debits of the source").isEqualTo(1);
        assertThat(LedgerInvariants.foldedBalance(jdbc, source)).isEqualTo(funding - movedAmount);
        for (LedgerClient instance : instances) {
            assertThat(instance.postedBalance(source)).isEqualTo(funding - movedAmount);
            assertThat(instance.postedBalance(sink)).isEqualTo(movedAmount);
        }
        LedgerInvariants.assertBalancesSumToZeroPerCurrency(jdbc);
    }

    private record Answer(long amount, Response response) {
    }
}
