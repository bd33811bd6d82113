package com.payledger.infra.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerHttpTest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The read models are idempotent (a redelivered or replayed event changes nothing) and commit with the command: a
 * failing projection is never skipped, it rolls the whole command back.
 */
class ProjectionsIT extends LedgerHttpTest {

    @Autowired
    private EventStore eventStore;

    @Autowired
    private ApplicationContext context;

    @Test
    void givenProjectedStreams_whenEveryEventIsDeliveredTwiceMore_thenTheReadModelsDoNotChange() throws Exception {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        for (int i = 0; i < 3; i++) {
            client.transfer(unique("t"), bank, alice, 100 + i, "EUR");
        }
        client.transfer(unique("back"), alice, bank, 303, "EUR");
        client.post("/api/v1/accounts/" + alice + "/close");
        Map<String, List<Map<String, Object>>> before = readModels(bank, alice);

        for (Object projection : List.of(context.getBean("accountProjection"), context.getBean("transferProjection"))) {
            AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
            for (int round = 0; round < 2; round++) {
                for (String account : List.of(bank, alice)) {
                    // From the first event: readEvents(account) would start at a snapshot, which is no event.
                    for (EventMessage<?> event : eventStore.readEvents(account, 0).asStream().toList()) {
                        handler.handle(event);
                    }
                }
            }
        }

        assertThat(readModels(bank, alice)).isEqualTo(before);
    }

    @Test
    void givenAProjectionThatFails_whenATransferIsPosted_thenNothingIsRecordedAnywhere() {
        String bank = unique("bank");
        String broken = unique("broken");
        openWithLostReadModelRow(bank, broken);
        long events = eventCount();

        int status = client.transfer(unique("t"), bank, broken, 100, "EUR").status();

        assertThat(status).isEqualTo(500);
        assertThat(eventCount()).as("the legs were rolled back with the failing projection").isEqualTo(events);
        assertThat(jdbc.queryForObject("select count(*) from command_side.transfer_requests where debit_account_id = ?",
                Long.class, bank)).isZero();
        assertThat(jdbc.queryForObject("select posted_minor from read_model.accounts where account_id = ?",
                Long.class, bank)).isZero();
    }

    /**
     * The read models' statements run as the transaction commits, after the legs were applied to the cached
     * accounts: a failure there must leave no trace in the cache either, or the next command would build on a leg
     * that was never stored and leave a hole in the stream.
     */
    @Test
    void givenAProjectionThatFailedAtCommit_whenItIsRepairedAndTheTransferRetried_thenTheStreamsContinueGapless() {
        String bank = unique("bank");
        String broken = unique("broken");
        Map<String, Object> row = openWithLostReadModelRow(bank, broken);
        String transfer = unique("t");
        assertThat(client.transfer(transfer, bank, broken, 100, "EUR").status()).isEqualTo(500);

        jdbc.update("insert into read_model.accounts (" + String.join(", ", row.keySet()) + ") values ("
                + String.join(", ", Collections.nCopies(row.size(), "?")) + ")", row.values().toArray());
        assertThat(client.transfer(transfer, bank, broken, 100, "EUR").status()).isEqualTo(201);

        assertThat(sequences(bank)).containsExactly(0L, 1L);
        assertThat(sequences(broken)).containsExactly(0L, 1L);
        assertThat(jdbc.queryForObject("select posted_minor from read_model.accounts where account_id = ?",
                Long.class, broken)).isEqualTo(100L);
    }

    /**
     * Opens {@code bank} (EXTERNAL) and {@code broken}, then deletes the balance row of {@code broken}: the account
     * projection fails on the next leg for it. Returns the deleted row.
     */
    private Map<String, Object> openWithLostReadModelRow(String bank, String broken) {
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(broken, "EUR", "u-1", null);
        Map<String, Object> row = jdbc.queryForMap("select * from read_model.accounts where account_id = ?", broken);
        jdbc.update("delete from read_model.accounts where account_id = ?", broken);
        return row;
    }

    private List<Long> sequences(String account) {
        return jdbc.queryForList("select sequenceNumber from event_store.domainevententry "
                + "where aggregateIdentifier = ? order by sequenceNumber", Long.class, account);
    }

    private Map<String, List<Map<String, Object>>> readModels(String bank, String alice) {
        return Map.of(
                "accounts", jdbc.queryForList("select * from read_model.accounts where account_id in (?, ?) "
                        + "order by account_id", bank, alice),
                "entries", jdbc.queryForList("select * from read_model.account_entries where account_id in (?, ?) "
                        + "order by account_id, sequence", bank, alice),
                "transfers", jdbc.queryForList("select * from read_model.transfers where debit_account_id in (?, ?) "
                        + "order by transfer_id", bank, alice));
    }
}
