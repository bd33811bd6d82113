package com.payledger.infra.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.events.Money;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountType;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.query.rebuild.ReadModelWriter;
import com.payledger.query.rebuild.RebuildableProjection;
import com.payledger.query.rebuild.SetBased;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The read models' set-based forms, as a rebuild sends a run of a statement: each must leave exactly what its
 * statement run once per row leaves, and answer per row what that statement would have answered. For the account
 * legs, a run whose legs of an account do not follow the account's last applied event (a replayed leg, a gap) takes
 * the leg statement itself for that account, while the others still go together; for the transfers, an id already
 * in the table, or twice in the run, is inserted once.
 */
class SetBasedFormsIT extends LedgerHttpTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Autowired
    private ApplicationContext context;

    private String schema;
    private final List<Queued> queued = new ArrayList<>();
    private AnnotationEventHandlerAdapter accounts;
    private AnnotationEventHandlerAdapter transfers;

    @BeforeEach
    void shadowTables() {
        schema = "legs_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.execute("create schema " + schema);
        jdbc.execute("create table " + schema + ".accounts (like read_model.accounts including all)");
        // As a rebuild's shadow: the append-only entries get their key only after the replay.
        jdbc.execute("create table " + schema + ".account_entries (like read_model.account_entries "
                + "including defaults including constraints)");
        jdbc.execute("create table " + schema + ".transfers (like read_model.transfers including all)");
        ReadModelWriter queue = new ReadModelWriter() {
            @Override
            public void update(String sql, Runnable ifNoRowChanged, Object... args) {
                queued.add(new Queued(null, sql, args));
            }

            @Override
            public void update(SetBased together, String sql, Runnable ifNoRowChanged, Object... args) {
                queued.add(new Queued(together, sql, args));
            }
        };
        accounts = new AnnotationEventHandlerAdapter(((RebuildableProjection) context.getBean("accountProjection"))
                .writingTo(schema, queue));
        transfers = new AnnotationEventHandlerAdapter(((RebuildableProjection) context.getBean("transferProjection"))
                .writingTo(schema, queue));
    }

    @AfterEach
    void dropShadowTables() {
        jdbc.execute("drop schema " + schema + " cascade");
    }

    @Test
    void givenRunsOfLegs_whenSentTogether_thenBalancesEntriesAndAnswersAreTheLegStatementsOwn() throws Exception {
        handle("x", 0, new AccountOpened("x", "u-1", AccountType.STANDARD, Currency.getInstance("EUR"), 0, null,
                Map.of(), AT));
        handle("y", 0, new AccountOpened("y", "u-1", AccountType.STANDARD, Currency.getInstance("EUR"), 0, null,
                Map.of(), AT));
        sendOneByOne();

        handle("x", 1, credit("x", "t1", 100));
        handle("y", 1, credit("y", "t2", 50));
        handle("x", 2, debit("x", "t3", 30));
        assertThat(sendTogether()).as("three legs in order").containsExactly(true, true, true);

        handle("x", 2, debit("x", "t3", 30));
        handle("x", 3, credit("x", "t4", 5));
        handle("y", 2, debit("y", "t5", 1));
        assertThat(sendTogether()).as("x's replayed leg, x's next and y's next").containsExactly(false, true, true);

        handle("x", 5, credit("x", "t6", 7));
        assertThat(sendTogether()).as("a leg after a gap").containsExactly(false);

        assertThat(jdbc.queryForList("select account_id, posted_minor, last_sequence from " + schema
                + ".accounts order by account_id")).containsExactly(
                Map.of("account_id", "x", "posted_minor", 75L, "last_sequence", 3L),
                Map.of("account_id", "y", "posted_minor", 49L, "last_sequence", 2L));
        assertThat(jdbc.queryForList("select account_id, sequence, transfer_id, amount_minor, balance_after_minor from "
                + schema + ".account_entries order by account_id, sequence")).containsExactly(
                entry("x", 1, "t1", 100, 100), entry("x", 2, "t3", -30, 70), entry("x", 3, "t4", 5, 75),
                entry("y", 1, "t2", 50, 50), entry("y", 2, "t5", -1, 49));
        assertThat(jdbc.queryForList("select coalesce(description, '-') from " + schema + ".account_entries "
                + "where currency = 'EUR' and counterparty_account_id = 'bank' and posted_at = ? "
                + "order by account_id, sequence", String.class, Timestamp.from(AT)))
                .as("every column carried").containsExactly("pay t1", "-", "pay t4", "pay t2", "-");
    }

    @Test
    void givenLegsRepeatedOrOutOfOrder_whenSentTogether_thenThatAccountTakesTheLegStatementLegByLeg()
            throws Exception {
        for (String account : List.of("x", "y", "z")) {
            handle(account, 0, new AccountOpened(account, "u-1", AccountType.STANDARD, Currency.getInstance("EUR"),
                    0, null, Map.of(), AT));
        }
        sendOneByOne();

        handle("x", 1, credit("x", "t1", 10));
        handle("x", 2, credit("x", "t2", 20));
        handle("x", 2, credit("x", "t2", 20));
        handle("x", 4, credit("x", "t4", 40));
        handle("y", 2, credit("y", "t5", 50));
        handle("y", 1, credit("y", "t6", 60));
        handle("z", 1, credit("z", "t7", 70));
        assertThat(sendTogether()).as("x: a repeat hiding a gap; y: out of order; z: in order")
                .containsExactly(true, true, false, false, false, true, true);

        assertThat(jdbc.queryForList("select account_id, sequence, balance_after_minor from " + schema
                + ".account_entries order by account_id, sequence")).containsExactly(
                Map.of("account_id", "x", "sequence", 1L, "balance_after_minor", 10L),
                Map.of("account_id", "x", "sequence", 2L, "balance_after_minor", 30L),
                Map.of("account_id", "y", "sequence", 1L, "balance_after_minor", 60L),
                Map.of("account_id", "z", "sequence", 1L, "balance_after_minor", 70L));
    }

    /**
     * Europe/Berlin's clocks went back at 03:00 on 2026-10-25: 00:30Z and 01:30Z are both 02:30 there. The instants
     * must be stored as they are, whatever the JVM's zone and the session's.
     */
    @Test
    void givenAJvmInAZoneWhoseClocksGoBack_whenLegsAndTransfersOfThatHourAreSentTogether_thenTheirInstantsAreKept()
            throws Exception {
        Instant first = Instant.parse("2026-10-25T00:30:00Z");
        Instant second = Instant.parse("2026-10-25T01:30:00Z");
        handle("x", 0, new AccountOpened("x", "u-1", AccountType.STANDARD, Currency.getInstance("EUR"), 0, null,
                Map.of(), AT));
        sendOneByOne();
        handle("x", 1, new AccountCredited("x", "t1", "bank", Money.of(1, "EUR"), null, Map.of(), first));
        handle("x", 2, new AccountCredited("x", "t2", "bank", Money.of(1, "EUR"), null, Map.of(), second));
        List<Queued> legs = List.copyOf(queued);
        queued.clear();
        transfers.handle(leg(new AccountDebited("x", "t1", "y", Money.of(1, "EUR"), null, Map.of(), first)));
        transfers.handle(leg(new AccountDebited("x", "t2", "y", Money.of(1, "EUR"), null, Map.of(), second)));

        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            assertThat(sendTogether()).containsExactly(true, true);
            queued.addAll(legs);
            assertThat(sendTogether()).containsExactly(true, true);
        } finally {
            TimeZone.setDefault(zone);
        }

        for (String table : List.of("account_entries", "transfers")) {
            assertThat(jdbc.queryForList("select posted_at from " + schema + "." + table + " order by transfer_id",
                    Timestamp.class).stream().map(Timestamp::toInstant).toList()).as(table)
                    .containsExactly(first, second);
        }
    }

    @Test
    void givenARunOfTransfers_whenSentTogether_thenEachIdIsInsertedOnceAndOnlyItsFirstRowChangedOne()
            throws Exception {
        transfers.handle(leg(new AccountDebited("x", "t0", "y", Money.of(9, "EUR"), null, Map.of(), AT)));
        sendOneByOne();

        AccountDebited rent = new AccountDebited("x", "t1", "y", Money.of(10, "EUR"), "rent", Map.of("invoice", "42"),
                AT);
        transfers.handle(leg(rent));
        transfers.handle(leg(new AccountDebited("y", "t2", "x", Money.of(20, "EUR"), null, Map.of(), AT)));
        transfers.handle(leg(rent));
        transfers.handle(leg(new AccountDebited("x", "t0", "y", Money.of(9, "EUR"), null, Map.of(), AT)));
        assertThat(sendTogether()).as("t1, t2, t1 again, t0 already in").containsExactly(true, true, false, false);

        assertThat(jdbc.queryForList("select transfer_id, debit_account_id, credit_account_id, amount_minor, currency, "
                + "coalesce(description, '-') as description, metadata::text as metadata from " + schema
                + ".transfers order by transfer_id")).containsExactly(
                transfer("t0", "x", "y", 9, "-", "{}"),
                transfer("t1", "x", "y", 10, "rent", "{\"invoice\": \"42\"}"),
                transfer("t2", "y", "x", 20, "-", "{}"));
        assertThat(jdbc.queryForObject("select count(*) from " + schema + ".transfers where posted_at = ?",
                Long.class, Timestamp.from(AT))).isEqualTo(3);
    }

    private void handle(String account, long sequence, Object event) throws Exception {
        accounts.handle(new GenericDomainEventMessage<>("Account", account, sequence, event, Map.of()));
    }

    /** The transfers' projection reads only the payload of a debit leg. */
    private static GenericDomainEventMessage<AccountDebited> leg(AccountDebited debited) {
        return new GenericDomainEventMessage<>("Account", debited.accountId(), 1, debited, Map.of());
    }

    private static Map<String, Object> transfer(String id, String debit, String credit, long amount,
                                                String description, String metadata) {
        return Map.of("transfer_id", id, "debit_account_id", debit, "credit_account_id", credit, "amount_minor",
                amount, "currency", "EUR", "description", description, "metadata", metadata);
    }

    private static AccountCredited credit(String account, String transfer, long amount) {
        return new AccountCredited(account, transfer, "bank", Money.of(amount, "EUR"), "pay " + transfer, Map.of(),
                AT);
    }

    private static AccountDebited debit(String account, String transfer, long amount) {
        return new AccountDebited(account, transfer, "bank", Money.of(amount, "EUR"), null, Map.of(), AT);
    }

    private static Map<String, Object> entry(String account, long sequence, String transfer, long amount,
                                             long balanceAfter) {
        return Map.of("account_id", account, "sequence", sequence, "transfer_id", transfer, "amount_minor", amount,
                "balance_after_minor", balanceAfter);
    }

    private void sendOneByOne() {
        queued.forEach(statement -> jdbc.update(statement.sql(), statement.args()));
        queued.clear();
    }

    /** Sends the queued legs, one run, in their set-based form; answers per leg whether it changed a row. */
    private boolean[] sendTogether() {
        assertThat(queued).allSatisfy(statement -> {
            assertThat(statement.together()).isNotNull();
            assertThat(statement.sql()).isEqualTo(queued.get(0).sql());
        });
        boolean[] changed = queued.get(0).together().send(jdbc, queued.stream().map(Queued::args).toList());
        queued.clear();
        return changed;
    }

    private record Queued(SetBased together, String sql, Object[] args) {
    }
}
