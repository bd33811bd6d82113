package com.payledger.query.account;

import com.payledger.events.account.AccountClosed;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountOverdraftLimitChanged;
import com.payledger.events.account.AccountType;
import java.sql.Timestamp;
import java.time.Instant;
import com.payledger.query.rebuild.ReadModelWriter;
import com.payledger.query.rebuild.RebuildableProjection;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds {@code read_model.accounts} (balances) and {@code read_model.account_entries} (statements) from the account
 * streams. Every write applies an event only to the row holding the stream's previous event: a redelivered or
 * replayed event is a no-op, while a missing row or a skipped event is a bug and fails loudly.
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
class AccountProjection implements RebuildableProjection {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "projection-accounts";

    /**
     * Moves the balance and writes the statement entry with the balance after it in one statement: one statement
     * per leg instead of two, on every transfer and every replayed event. No entry is written unless the balance
     * moved, so the pair stays exactly-once. {@link LegsTogether} reads its arguments by position.
     */
    private static final String LEG = """
            with moved as (
                update read_model.accounts set posted_minor = posted_minor + ?, last_sequence = ?
                 where account_id = ? and last_sequence = ?
                returning posted_minor)
            insert into read_model.account_entries (account_id, sequence, transfer_id, counterparty_account_id,
                amount_minor, currency, balance_after_minor, description, posted_at)
            select ?, ?, ?, ?, ?, ?, moved.posted_minor, ?, ?::timestamptz from moved""";

    private final JdbcTemplate jdbc;
    private final ReadModelWriter writer;
    private final JsonMapper json;
    private final String schema;
    private final String legOneByOne;
    private final LegsTogether legsTogether;

    @Autowired
    AccountProjection(JdbcTemplate jdbc, ReadModelWriter liveWriter, JsonMapper json) {
        // The handlers never read their tables before writing (a no-row-changed check reads after its statement
        // ran): they take the live writer, whose statements wait for the commit and go in one round trip.
        this(jdbc, liveWriter, json, LIVE_SCHEMA);
    }

    private AccountProjection(JdbcTemplate jdbc, ReadModelWriter writer, JsonMapper json, String schema) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.json = json;
        this.schema = schema;
        this.legOneByOne = RebuildableProjection.in(schema, LEG);
        this.legsTogether = new LegsTogether(schema, legOneByOne);
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> tables() {
        return List.of("accounts", "account_entries");
    }

    /** Entries are only inserted: the balance row's last sequence is what keeps them exactly-once. */
    @Override
    public List<String> appendOnlyTables() {
        return List.of("account_entries");
    }

    @Override
    public Object writingTo(String otherSchema, ReadModelWriter otherWriter) {
        return new AccountProjection(jdbc, otherWriter, json, otherSchema);
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence) {
        writer.update(RebuildableProjection.in(schema, """
                insert into read_model.accounts (account_id, owner_id, currency, type, status, overdraft_limit_minor,
                    name, metadata, posted_minor, pending_minor, opened_at, last_sequence)
                values (?, ?, ?, ?, 'OPEN', ?, ?, ?::jsonb, 0, 0, ?, ?)
                on conflict (account_id) do nothing"""), () -> { }, // replayed: opened already
                event.accountId(), event.ownerId(), event.currency().getCurrencyCode(),
                event.type().name(), event.type() == AccountType.EXTERNAL ? 0 : event.overdraftLimitMinor(),
                event.name(), json.writeValueAsString(event.metadata()), Timestamp.from(event.openedAt()), sequence);
    }

    @EventHandler
    void on(AccountDebited event, @SequenceNumber long sequence) {
        post(event.accountId(), sequence, -event.amount().amountMinor(), event.transferId(), event.creditAccountId(),
                event.amount().currency().getCurrencyCode(), event.description(), event.postedAt());
    }

    @EventHandler
    void on(AccountCredited event, @SequenceNumber long sequence) {
        post(event.accountId(), sequence, event.amount().amountMinor(), event.transferId(), event.debitAccountId(),
                event.amount().currency().getCurrencyCode(), event.description(), event.postedAt());
    }

    @EventHandler
    void on(AccountClosed event, @SequenceNumber long sequence) {
        writer.update(RebuildableProjection.in(schema, """
                update read_model.accounts set status = 'CLOSED', last_sequence = ?
                 where account_id = ? and last_sequence = ?"""),
                () -> requireAlreadyApplied(event.accountId(), sequence), sequence, event.accountId(), sequence - 1);
    }

    @EventHandler
    void on(AccountOverdraftLimitChanged event, @SequenceNumber long sequence) {
        writer.update(RebuildableProjection.in(schema, """
                update read_model.accounts set overdraft_limit_minor = ?, last_sequence = ?
                 where account_id = ? and last_sequence = ?"""),
                () -> requireAlreadyApplied(event.accountId(), sequence), event.overdraftLimitMinor(), sequence,
                event.accountId(), sequence - 1);
    }

    @ResetHandler
    void reset() {
        jdbc.update(RebuildableProjection.in(schema, "truncate read_model.accounts, read_model.account_entries"));
    }

    /** One leg by {@link #LEG}; a rebuild sends a run of them in one statement ({@link LegsTogether}). */
    private void post(String accountId, long sequence, long signedAmountMinor, String transferId,
                      String counterpartyAccountId, String currency, String description, Instant postedAt) {
        writer.update(legsTogether, legOneByOne, () -> requireAlreadyApplied(accountId, sequence),
                signedAmountMinor, sequence, accountId, sequence - 1, accountId, sequence, transferId,
                counterpartyAccountId, signedAmountMinor, currency, description, Timestamp.from(postedAt));
    }

    private void requireAlreadyApplied(String accountId, long sequence) {
        List<Long> applied = jdbc.queryForList(RebuildableProjection.in(schema,
                "select last_sequence from read_model.accounts where account_id = ?"), Long.class, accountId);
        if (applied.isEmpty() || applied.get(0) < sequence) {
            throw new IllegalStateException("read model has no account " + accountId + " to apply event "
                    + sequence + " to: events arrived out of order or the read model lost a row");
        }
    }
}
