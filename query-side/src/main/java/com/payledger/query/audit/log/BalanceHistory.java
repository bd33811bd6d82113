package com.payledger.query.audit.log;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Balances folded from the event store itself, never from a read model: at any past instant, and at every
 * {@value #CHECKPOINT_EVERY}th event of an account stream (stored as a checkpoint, so that a fold never reads more
 * than that many events however long the account has lived).
 *
 * <p>An instant is compared with the time each event states: a leg's {@code postedAt}, which the statement shows,
 * an opening's {@code openedAt}, a closing's {@code closedAt}. So the balance as of an entry's {@code postedAt}
 * includes that entry. (The event store's own timestamp is taken a little later, when the event is created, and in
 * milliseconds: compared with it, the balance as of an entry's {@code postedAt} left the entry out.) The balance as
 * of an instant is the one after the longest run of the stream's events, from its start, stated at or before that
 * instant; the ledger states its legs' times in stream order, so that is every event stated by then.
 */
@Component
public class BalanceHistory {

    /**
     * 100, not 1000: a balance as of an instant then reads at most about 100 events, while the log processor folds
     * the same number of events in all. Older checkpoints at other multiples stay valid: any checkpoint is a correct
     * starting point.
     */
    public static final int CHECKPOINT_EVERY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(BalanceHistory.class);
    /** Rows the first query of a fold reads; each next query reads four times as many, up to {@link #FOLD_PAGE}. */
    static final int FIRST_PAGE = 16;
    /** The most rows one query of a fold reads; a fold that starts far back (the log catching up) reads on. */
    static final int FOLD_PAGE = 1000;
    private static final String OPENED = "com.payledger.events.account.AccountOpened";
    private static final String DEBITED = "com.payledger.events.account.AccountDebited";
    private static final String CREDITED = "com.payledger.events.account.AccountCredited";
    private static final String CLOSED = "com.payledger.events.account.AccountClosed";
    private static final String LIMIT_CHANGED = "com.payledger.events.account.AccountOverdraftLimitChanged";

    /**
     * The posted balance of an account after its event {@code sequenceNumber}, the last one recorded at or before
     * the instant asked for; {@code position} is that event's log position (null if the log has not taken it in).
     */
    public record Balance(String accountId, long postedMinor, long sequenceNumber, long globalIndex, Long position) {
    }

    private record Checkpoint(long sequenceNumber, long postedMinor) {
        static final Checkpoint START = new Checkpoint(-1, 0);
    }

    /**
     * A stored event of the stream that is no longer an event the fold can read (its payload no longer JSON, its
     * amount or time gone, its timestamp no time): the balance through it cannot be told, and saying another would
     * be worse. Only an event altered in the store does this; the verification of the log names it too.
     */
    public static final class UnreadableEventException extends RuntimeException {
        UnreadableEventException(long globalIndex, RuntimeException cause) {
            super("the stored event at global index " + globalIndex + " cannot be read as an account event ("
                    + cause.getMessage() + ")", cause);
        }

        /** An event the stream must hold is not stored: deleted behind the append-only trigger's back. */
        UnreadableEventException(String accountId, long sequenceNumber) {
            super("the event store holds no event " + sequenceNumber + " of account " + accountId
                    + ", which its later events follow");
        }
    }

    private record FoldedRow(long sequenceNumber, String payloadType, String recordedAt, byte[] payload,
                             long globalIndex, Long position) {
    }

    /** An event's payload, read once: its signed amount and the time it states. */
    private record Stated(long signedAmount, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    BalanceHistory(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The owner the account was opened for, as its first stored event says, or empty when it has none. An account
     * never changes owner, so this decides who may read any of its past balances, from the store as the balances are.
     */
    public Optional<String> ownerOf(String accountId) {
        List<Map<String, Object>> opened = jdbc.queryForList("""
                select globalindex, payload from event_store.domainevententry
                 where aggregateidentifier = ? and sequencenumber = 0 and payloadtype = ?""", accountId, OPENED);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        long globalIndex = ((Number) opened.get(0).get("globalindex")).longValue();
        try {
            JsonNode owner = json.readTree((byte[]) opened.get(0).get("payload")).get("ownerId");
            if (owner == null || !owner.isString()) {
                throw new IllegalStateException("no ownerId");
            }
            return Optional.of(owner.asString());
        } catch (RuntimeException unreadable) {
            throw new UnreadableEventException(globalIndex, unreadable);
        }
    }

    /** The balance as of {@code asOf}, or empty when the account did not exist yet (or never). */
    public Optional<Balance> asOf(String accountId, Instant instant) {
        // Stated times have microseconds, as PostgreSQL keeps them, and the checkpoint query's parameter is rounded
        // to them: compare in microseconds throughout, or an instant just before an entry could count the entry.
        Instant asOf = instant.truncatedTo(ChronoUnit.MICROS);
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
        Balance balance;
        try {
            balance = fold(event.aggregateIdentifier(), previous, Instant.MAX, event.sequenceNumber()).orElseThrow();
        } catch (UnreadableEventException altered) {
            // The balance through an altered stream cannot be told, so no checkpoint says one; a fold past it answers
            // EVENT_STORE_UNREADABLE, and the verification names the event. Throwing here would stop the log.
            LOG.warn("No balance checkpoint at event {} of account {}: {}", event.sequenceNumber(),
                    event.aggregateIdentifier(), altered.getMessage());
            return;
        }
        // A checkpoint starts a fold as of any instant at or after its recorded_at, so that must not be before any
        // time stated up to it. Events stored before the times were stated in order each state a time at or before
        // their own timestamp, and a stream's timestamps rise; since then the stated times rise. The later of the two
        // covers both.
        Instant recordedAt = Instant.parse(event.timestamp());
        Instant stated = stated(event.payloadType(), event.payload(), recordedAt).at();
        jdbc.update("""
                insert into audit.balance_checkpoints (account_id, sequence_number, recorded_at, posted_minor)
                values (?, ?, ?, ?) on conflict do nothing""", event.aggregateIdentifier(), event.sequenceNumber(),
                Timestamp.from(stated.isAfter(recordedAt) ? stated : recordedAt), balance.postedMinor());
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
                    (row, n) -> new FoldedRow(row.getLong(1), row.getString(2), row.getString(3),
                            row.getBytes(4), row.getLong(5), (Long) row.getObject(6)),
                    accountId, after, throughSequence, page);
            for (FoldedRow row : rows) {
                if (row.sequenceNumber() != after + 1) {
                    // Summed over the gap, the balance would silently leave the missing leg out.
                    throw new UnreadableEventException(accountId, after + 1);
                }
                Stated stated;
                try {
                    stated = stated(row.payloadType(), row.payload(), Instant.parse(row.recordedAt()));
                    if (stated.at().isAfter(asOf)) {
                        return Optional.ofNullable(balance);
                    }
                    posted = Math.addExact(posted, stated.signedAmount());
                } catch (RuntimeException unreadable) {
                    // Parse errors of Jackson and java.time, a field gone (null), an amount past a long's range.
                    throw new UnreadableEventException(row.globalIndex(), unreadable);
                }
                balance = new Balance(accountId, posted, row.sequenceNumber(), row.globalIndex(), row.position());
                after = row.sequenceNumber();
            }
            if (rows.size() < page) {
                return Optional.ofNullable(balance);
            }
        }
    }

    private Balance balanceAt(String accountId, Checkpoint checkpoint) {
        return jdbc.query("""
                select e.globalindex, l.leaf_index from event_store.domainevententry e
                  left join audit.merkle_leaves l on l.global_index = e.globalindex
                 where e.aggregateidentifier = ? and e.sequencenumber = ?""",
                (row, n) -> new Balance(accountId, checkpoint.postedMinor(), checkpoint.sequenceNumber(),
                        row.getLong(1), (Long) row.getObject(2)), accountId, checkpoint.sequenceNumber())
                .stream().findFirst()
                .orElseThrow(() -> new UnreadableEventException(accountId, checkpoint.sequenceNumber()));
    }

    /** What an account event states; {@code recordedAt} for a type that states no time of its own. */
    private Stated stated(String type, byte[] payload, Instant recordedAt) {
        JsonNode event = json.readTree(payload);
        String field = switch (type) {
            case DEBITED, CREDITED -> "postedAt";
            case OPENED -> "openedAt";
            case CLOSED -> "closedAt";
            case LIMIT_CHANGED -> "changedAt";
            default -> null;
        };
        JsonNode at = field == null ? null : event.get(field);
        Instant stated = at == null || at.isNull() ? recordedAt : Instant.parse(at.asString());
        if (!DEBITED.equals(type) && !CREDITED.equals(type)) {
            return new Stated(0, stated);
        }
        long minor = event.get("amount").get("amountMinor").asLong();
        return new Stated(DEBITED.equals(type) ? -minor : minor, stated);
    }
}
