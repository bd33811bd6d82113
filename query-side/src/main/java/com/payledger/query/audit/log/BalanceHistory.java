package com.payledger.query.audit.log;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Balances folded from the event store itself, never from a read model: at any past instant, and at every
 * {@value #CHECKPOINT_EVERY}th event of an account stream (stored as a checkpoint, so that a fold never reads more
 * than that many events however long the account has lived).
 */
@Component
public class BalanceHistory {

    /**
     * 100, not 1000: a balance as of an instant then reads at most about 100 events, while the log processor folds
     * the same number of events in all. Older checkpoints at other multiples stay valid: any checkpoint is a correct
     * starting point.
     */
    public static final int CHECKPOINT_EVERY = 100;
    /** Rows the first query of a fold reads; each next query reads four times as many, up to {@link #FOLD_PAGE}. */
    static final int FIRST_PAGE = 16;
    /** The most rows one query of a fold reads; a fold that starts far back (the log catching up) reads on. */
    static final int FOLD_PAGE = 1000;
    private static final String OPENED = "com.payledger.events.account.AccountOpened";
    private static final String DEBITED = "com.payledger.events.account.AccountDebited";
    private static final String CREDITED = "com.payledger.events.account.AccountCredited";

    /**
     * The posted balance of an account after its event {@code sequenceNumber}, the last one recorded at or before
     * the instant asked for; {@code position} is that event's log position (null if the log has not taken it in).
     */
    public record Balance(String accountId, long postedMinor, long sequenceNumber, long globalIndex, Long position) {
    }

    private record Checkpoint(long sequenceNumber, long postedMinor) {
        static final Checkpoint START = new Checkpoint(-1, 0);
    }

    private record FoldedRow(long sequenceNumber, String payloadType, Instant recordedAt, byte[] payload,
                             long globalIndex, Long position) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    BalanceHistory(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The balance as of {@code asOf}, or empty when the account did not exist yet (or never). */
    public Optional<Balance> asOf(String accountId, Instant asOf) {
        List<String> first = jdbc.queryForList("""
                select payloadtype from event_store.domainevententry
                 where aggregateidentifier = ? and sequencenumber = 0""", String.class, accountId);
        if (first.isEmpty() || !OPENED.equals(first.get(0))) {
            return Optional.empty();
        }
        Checkpoint from = jdbc.query("""
                select sequence_number, posted_minor from audit.balance_checkpoints
                 where account_id = ? and recorded_at <= ? order by sequence_number desc limit 1""",
                (row, n) -> new Checkpoint(row.getLong(1), row.getLong(2)), accountId, Timestamp.from(asOf))
                .stream().findFirst().orElse(Checkpoint.START);
        return fold(accountId, from, asOf, Long.MAX_VALUE);
    }

    /** Called for every event the log takes in: stores a checkpoint at every 100th event of an account. */
    void checkpointIfDue(StoredEvent event) {
        if (!event.payloadType().startsWith("com.payledger.events.account.") || event.sequenceNumber() == 0
                || event.sequenceNumber() % CHECKPOINT_EVERY != 0) {
            return;
        }
        Checkpoint previous = jdbc.query("""
                select sequence_number, posted_minor from audit.balance_checkpoints
                 where account_id = ? and sequence_number < ? order by sequence_number desc limit 1""",
                (row, n) -> new Checkpoint(row.getLong(1), row.getLong(2)), event.aggregateIdentifier(),
                event.sequenceNumber()).stream().findFirst().orElse(Checkpoint.START);
        Balance balance = fold(event.aggregateIdentifier(), previous, Instant.MAX, event.sequenceNumber())
                .orElseThrow();
        jdbc.update("""
                insert into audit.balance_checkpoints (account_id, sequence_number, recorded_at, posted_minor)
                values (?, ?, ?, ?) on conflict do nothing""", event.aggregateIdentifier(), event.sequenceNumber(),
                Timestamp.from(Instant.parse(event.timestamp())), balance.postedMinor());
    }

    /**
     * Folds the stream after {@code from} up to {@code asOf}, in pages that grow fourfold from {@value #FIRST_PAGE}
     * events to {@value #FOLD_PAGE}. The fold stops at the first event after the instant, usually within a few
     * dozen events of the checkpoint: reading a full page of payloads only to stop there cost most of a
     * balance-as-of request. While the log is catching up it reads on, never less.
     */
    private Optional<Balance> fold(String accountId, Checkpoint from, Instant asOf, long throughSequence) {
        Balance balance = from == Checkpoint.START ? null : balanceAt(accountId, from);
        long posted = from.postedMinor();
        long after = from.sequenceNumber();
        for (int page = FIRST_PAGE; ; page = Math.min(FOLD_PAGE, page * 4)) {
            List<FoldedRow> rows = jdbc.query("""
                    select e.sequencenumber, e.payloadtype, e.timestamp, e.payload, e.globalindex, l.leaf_index
                      from event_store.domainevententry e
                      left join audit.merkle_leaves l on l.global_index = e.globalindex
                     where e.aggregateidentifier = ? and e.sequencenumber > ? and e.sequencenumber <= ?
                     order by e.sequencenumber limit ?""",
                    (row, n) -> new FoldedRow(row.getLong(1), row.getString(2), Instant.parse(row.getString(3)),
                            row.getBytes(4), row.getLong(5), (Long) row.getObject(6)),
                    accountId, after, throughSequence, page);
            for (FoldedRow row : rows) {
                if (row.recordedAt().isAfter(asOf)) {
                    return Optional.ofNullable(balance);
                }
                posted = Math.addExact(posted, signedAmount(row.payloadType(), row.payload()));
                balance = new Balance(accountId, posted, row.sequenceNumber(), row.globalIndex(), row.position());
                after = row.sequenceNumber();
            }
            if (rows.size() < page) {
                return Optional.ofNullable(balance);
            }
        }
    }

    private Balance balanceAt(String accountId, Checkpoint checkpoint) {
        return jdbc.queryForObject("""
                select e.globalindex, l.leaf_index from event_store.domainevententry e
                  left join audit.merkle_leaves l on l.global_index = e.globalindex
                 where e.aggregateidentifier = ? and e.sequencenumber = ?""",
                (row, n) -> new Balance(accountId, checkpoint.postedMinor(), checkpoint.sequenceNumber(),
                        row.getLong(1), (Long) row.getObject(2)), accountId, checkpoint.sequenceNumber());
    }

    private long signedAmount(String type, byte[] payload) {
        if (!DEBITED.equals(type) && !CREDITED.equals(type)) {
            return 0;
        }
        JsonNode amount = json.readTree(payload).get("amount");
        long minor = amount.get("amountMinor").asLong();
        return DEBITED.equals(type) ? -minor : minor;
    }
}
