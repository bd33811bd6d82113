package com.payledger.query.audit.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import com.payledger.query.audit.merkle.CompactRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The stored Merkle log ({@code audit.merkle_leaves}, {@code audit.merkle_nodes}) and the raw event rows. */
@Component
public class MerkleLogStore {

    private static final String EVENT_COLUMNS = """
            e.globalindex, e.eventidentifier, e.aggregateidentifier, e.sequencenumber, e.type, e.payloadtype,
            e.payloadrevision, e.timestamp, e.payload, e.metadata""";

    /**
     * An event older than this must be a leaf once a newer event is. The event store lets a tracking processor give
     * a missing index up after 60 s (the infra module's {@code AppendWindow}); this leaves room for a processor
     * that is still working through its batch.
     */
    public static final Duration UNLOGGED_AFTER = Duration.ofMinutes(5);
    /** Candidates {@link #unlogged} reads per query. */
    private static final int UNLOGGED_PAGE = 1000;
    /** The advisory lock key of the log's one writer at a time ("payledger merkle log"). */
    static final long WRITER_LOCK = 0x7061796c6d6c6f67L;

    private final JdbcTemplate jdbc;

    MerkleLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many leaves the log has: the tree size that roots and proofs can be asked for. */
    public long size() {
        Long size = jdbc.queryForObject("select coalesce(max(leaf_index) + 1, 0) from audit.merkle_leaves",
                Long.class);
        return size == null ? 0 : size;
    }

    /** The events at log positions {@code [from, from + limit)}, in log order, with their leaf hashes. */
    public List<LoggedEvent> loggedEvents(long from, int limit) {
        return jdbc.query("select l.leaf_index, l.leaf_hash, " + EVENT_COLUMNS + """
                 from audit.merkle_leaves l
                 join event_store.domainevententry e on e.globalindex = l.global_index
                where l.leaf_index >= ? order by l.leaf_index limit ?""",
                (row, n) -> new LoggedEvent(row.getLong("leaf_index"), row.getBytes("leaf_hash"),
                        toStoredEvent(row, n)), from, limit);
    }

    /**
     * Every leaf at positions from {@code from}, in order, with its stored event, which is null when the row is gone:
     * what verification needs to notice a deleted row.
     */
    public List<LoggedEvent> leavesWithEvents(long from, int limit) {
        return jdbc.query("select l.leaf_index, l.leaf_hash, e.globalindex as present, " + EVENT_COLUMNS + """
                 from audit.merkle_leaves l
                 left join event_store.domainevententry e on e.globalindex = l.global_index
                where l.leaf_index >= ? order by l.leaf_index limit ?""",
                (row, n) -> new LoggedEvent(row.getLong("leaf_index"), row.getBytes("leaf_hash"),
                        row.getObject("present") == null ? null : toStoredEvent(row, n)), from, limit);
    }

    /** One stream's events in stream order, with their log position when they already have one. */
    public List<LoggedEvent> streamEvents(String aggregateIdentifier, long afterSequence, int limit) {
        return jdbc.query("select l.leaf_index, l.leaf_hash, " + EVENT_COLUMNS + """
                 from event_store.domainevententry e
                 left join audit.merkle_leaves l on l.global_index = e.globalindex
                where e.aggregateidentifier = ? and e.sequencenumber > ? order by e.sequencenumber limit ?""",
                (row, n) -> new LoggedEvent((Long) row.getObject("leaf_index"), row.getBytes("leaf_hash"),
                        toStoredEvent(row, n)), aggregateIdentifier, afterSequence, limit);
    }

    /** A leaf about to be appended at {@code leafIndex}. */
    record Leaf(long leafIndex, StoredEvent event, byte[] leafHash) {
    }

    /**
     * Makes the current transaction the log's only writer until it ends, and plans its statements for their own
     * parameters. The appender and a repair both append; each computes leaf positions from the size it reads, so
     * they take turns (an advisory lock: the service's role may insert into the log, not lock its tables).
     *
     * <p>Planning: PostgreSQL otherwise settles on one generic plan per prepared statement after five executions,
     * chosen while the table was as small as it was then: catching up on a log that grows by 100,000 leaves a
     * minute, the lookup of logged leaves kept its sequential scan from the first seconds and took 10, then 45, then
     * 90 ms per batch, until an autovacuum analyze replanned it. The appender runs a handful of statements per batch;
     * planning them costs microseconds.
     */
    void becomeTheWriter() {
        jdbc.query("select set_config('plan_cache_mode', 'force_custom_plan', true), pg_advisory_xact_lock(?)",
                row -> { }, WRITER_LOCK);
    }

    /**
     * {@link #becomeTheWriter} for the log appender's batch, whose commit also does not wait for PostgreSQL to flush
     * it to disk. The wait was the appender's alone (everything it writes can be derived again from the events), and
     * it cost a client that sends one transfer at a time about a fifth of its rate: 605-619 against 454-503
     * transfers/s, measured A/B; with more clients the transfers' own commits flush the appender's along with them.
     * After a crash of PostgreSQL a lost batch is appended again from its token, which is lost with it; what makes
     * that safe is that nothing shows a leaf before it is on disk ({@link DurableReads}).
     */
    void becomeTheAppender() {
        jdbc.query("""
                select set_config('plan_cache_mode', 'force_custom_plan', true),
                       set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(?)""",
                row -> { }, WRITER_LOCK);
    }

    /**
     * Stored events that have no leaf though a newer event has, and that are too old to be still on their way to the
     * log, oldest first. An event counts as old when its own timestamp is before {@code recordedBefore}, or when a
     * leaf with a higher global index lies under a checkpoint signed before then.
     *
     * <p>Why not the timestamp alone: it is the row's own claim, and whoever slips a row in behind the log's back
     * writes it. One dated in the future (or not a date at all) had never been reported, while the balance as of an
     * instant and the consistency check folded it in. The second test rests only on what the log vouches for: the
     * global index is assigned at insert, so an event below a leaf's index was inserted before that leaf's event,
     * and a checkpoint is stored after the leaves it covers and signs its time. An unreadable timestamp is no time
     * the ledger wrote, and counts as old.
     */
    public List<UnloggedEvent> unlogged(Instant recordedBefore, int limit) {
        long belowOldLeaves = highestGlobalIndexCheckpointedBefore(recordedBefore);
        List<UnloggedEvent> found = new ArrayList<>();
        long from = Long.MIN_VALUE;
        while (found.size() < limit) {
            // Paged, since the events still on their way are passed over here, not in SQL, which cannot read a
            // timestamp without failing on one that is not a time.
            List<Candidate> page = jdbc.query("""
                    select e.globalindex, e.eventidentifier, e.timestamp from event_store.domainevententry e
                     where e.globalindex >= ? and e.globalindex < (select max(global_index) from audit.merkle_leaves)
                       and not exists (select 1 from audit.merkle_leaves l where l.global_index = e.globalindex)
                     order by e.globalindex limit ?""",
                    (row, n) -> new Candidate(row.getLong(1), row.getString(2), row.getString(3)), from,
                    UNLOGGED_PAGE);
            for (Candidate candidate : page) {
                if (found.size() < limit && (candidate.globalIndex() < belowOldLeaves
                        || recordedBefore(candidate.timestamp(), recordedBefore))) {
                    found.add(new UnloggedEvent(candidate.globalIndex(), candidate.eventIdentifier()));
                }
            }
            if (page.size() < UNLOGGED_PAGE) {
                break;
            }
            from = page.get(page.size() - 1).globalIndex() + 1;
        }
        return found;
    }

    /**
     * The first stored event past the newest logged one, when it was recorded before {@code recordedBefore}: the log
     * has fallen that far behind (its appender stopped or cannot keep up), which {@link #unlogged} does not look for.
     * Only the first is read: events past it were stored after it.
     */
    public Optional<UnloggedEvent> firstBeyondTheLog(Instant recordedBefore) {
        return jdbc.query("""
                select e.globalindex, e.eventidentifier, e.timestamp from event_store.domainevententry e
                 where e.globalindex > (select coalesce(max(global_index), -1) from audit.merkle_leaves)
                 order by e.globalindex limit 1""",
                (row, n) -> new Candidate(row.getLong(1), row.getString(2), row.getString(3))).stream()
                .filter(first -> recordedBefore(first.timestamp(), recordedBefore))
                .map(first -> new UnloggedEvent(first.globalIndex(), first.eventIdentifier())).findFirst();
    }

    /** The highest global index among the leaves of the newest checkpoint signed before {@code instant}. */
    private long highestGlobalIndexCheckpointedBefore(Instant instant) {
        Long highest = jdbc.queryForObject("""
                select max(l.global_index) from audit.merkle_leaves l
                 where l.leaf_index < (select max(tree_size) from audit.checkpoints where signed_at < ?)""",
                Long.class, Timestamp.from(instant));
        return highest == null ? Long.MIN_VALUE : highest;
    }

    private static boolean recordedBefore(String timestamp, Instant instant) {
        try {
            return Instant.parse(timestamp).isBefore(instant);
        } catch (DateTimeParseException | NullPointerException notATime) {
            return true;
        }
    }

    private record Candidate(long globalIndex, String eventIdentifier, String timestamp) {
    }

    /** A stored event the log never took in. */
    public record UnloggedEvent(long globalIndex, String eventIdentifier) {
    }

    /** The stored rows of the events with these identifiers, in one query; missing ones are left out. */
    List<StoredEvent> storedEvents(List<String> eventIdentifiers) {
        return jdbc.query("select " + EVENT_COLUMNS
                + " from event_store.domainevententry e where e.eventidentifier = any(?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("varchar",
                        eventIdentifiers.toArray())), MerkleLogStore::toStoredEvent);
    }

    Optional<StoredEvent> storedEvent(String eventIdentifier) {
        return jdbc.query("select " + EVENT_COLUMNS
                + " from event_store.domainevententry e where e.eventidentifier = ?",
                MerkleLogStore::toStoredEvent, eventIdentifier).stream().findFirst();
    }

    /** Those of these global indexes that are leaves already. */
    Set<Long> loggedAmong(List<Long> globalIndexes) {
        return new HashSet<>(jdbc.query("select global_index from audit.merkle_leaves where global_index = any(?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("bigint",
                        globalIndexes.toArray())), (row, n) -> row.getLong(1)));
    }

    /**
     * Appends the leaves in one batch. No "on conflict": the appender skips what is logged already, so a clash here
     * means its tree in memory is wrong, and the batch must fail rather than store nodes for a leaf it did not add.
     */
    void insertLeaves(List<Leaf> leaves) {
        asExceptionIfTheConnectionBroke(() -> jdbc.batchUpdate("""
                insert into audit.merkle_leaves (leaf_index, global_index, aggregate_identifier, sequence_number,
                    leaf_hash) values (?, ?, ?, ?, ?)""", leaves, leaves.size(), (statement, leaf) -> {
                    statement.setLong(1, leaf.leafIndex());
                    statement.setLong(2, leaf.event().globalIndex());
                    statement.setString(3, leaf.event().aggregateIdentifier());
                    statement.setLong(4, leaf.event().sequenceNumber());
                    statement.setBytes(5, leaf.leafHash());
                }));
    }

    void insertNodes(List<CompactRange.Node> nodes) {
        asExceptionIfTheConnectionBroke(() -> jdbc.batchUpdate(
                "insert into audit.merkle_nodes (level, node_index, hash) values (?, ?, ?)", nodes, nodes.size(),
                (statement, node) -> {
                    statement.setInt(1, node.level());
                    statement.setLong(2, node.index());
                    statement.setBytes(3, node.hash());
                }));
    }

    /**
     * pgjdbc 42.7.11 checks with a Java {@code assert} that a batch's connection still answers
     * ({@code BatchResultHandler.isAutoCommit}), so with assertions enabled (every test JVM here, or a service started
     * with {@code -ea}) a batch whose connection dies under it throws an {@link AssertionError}, not an
     * {@code SQLException}. An error, unlike an exception, ends a tracking processor's loop for good ("Pausing
     * processor in Error State"): after a crash of PostgreSQL the log took in nothing more until the service restarted
     * (found by {@code PostgresCrashIT}). As an exception the processor backs off and tries the batch again. Without
     * assertions (the packaged service) the check is skipped and the batch fails with the driver's exception anyway.
     * Assertion errors from anywhere else stay errors.
     */
    private static void asExceptionIfTheConnectionBroke(Runnable batch) {
        try {
            batch.run();
        } catch (AssertionError error) {
            StackTraceElement[] trace = error.getStackTrace();
            if (trace.length > 0 && trace[0].getClassName().startsWith("org.postgresql.")) {
                throw new TransientDataAccessResourceException("the connection broke during a batch", error);
            }
            throw error;
        }
    }

    /** The hash of the perfect subtree (level, index); level 0 is a leaf hash. */
    public byte[] subtree(int level, long index) {
        List<byte[]> hashes = level == 0
                ? jdbc.query("select leaf_hash from audit.merkle_leaves where leaf_index = ?",
                        (row, n) -> row.getBytes(1), index)
                : jdbc.query("select hash from audit.merkle_nodes where level = ? and node_index = ?",
                        (row, n) -> row.getBytes(1), level, index);
        if (hashes.isEmpty()) {
            throw new IllegalStateException("the log has no subtree at level " + level + ", index " + index);
        }
        return hashes.get(0);
    }

    static StoredEvent toStoredEvent(ResultSet row, int rowNumber) throws SQLException {
        return new StoredEvent(row.getLong("globalindex"), row.getString("eventidentifier"),
                row.getString("aggregateidentifier"), row.getLong("sequencenumber"), row.getString("type"),
                row.getString("payloadtype"), row.getString("payloadrevision"), row.getString("timestamp"),
                row.getBytes("payload"), row.getBytes("metadata"));
    }
}
