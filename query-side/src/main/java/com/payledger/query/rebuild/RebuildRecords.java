package com.payledger.query.rebuild;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The latest rebuild of each projection, as the instance running it records it in {@code
 * read_model.projection_rebuilds}: any instance answers about a rebuild that another runs, also after a restart.
 *
 * <p>A row stays RUNNING when its instance died before recording the end; it is read as FAILED once the session that
 * held the cluster's rebuild lock for it no longer does (see {@link ClusterRebuildLock}). The runner records the end
 * before it releases the lock, so a rebuild that ended is never read as one that died.
 */
final class RebuildRecords {

    static final String RUNNER_GONE = "the instance running this rebuild stopped, or lost its database session, "
            + "before it ended; start the rebuild again";
    private static final String SELECT = """
            select projection, state, replayed, total, rows_that_differed, started_at, finished_at, error,
                   %s as live
              from read_model.projection_rebuilds""".formatted(ClusterRebuildLock.heldBy("runner_pid"));

    private final JdbcTemplate jdbc;

    RebuildRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that {@code started} began, held by the session {@code runnerPid}, replacing any earlier rebuild. */
    void begin(List<ProjectionRebuild.Progress> started, int runnerPid) {
        for (ProjectionRebuild.Progress each : started) {
            jdbc.update("""
                    insert into read_model.projection_rebuilds as r (projection, state, replayed, total,
                           rows_that_differed, started_at, finished_at, error, runner_pid)
                    values (?, ?, ?, ?, null, ?, null, null, ?)
                    on conflict (projection) do update
                       set state = excluded.state, replayed = excluded.replayed, total = excluded.total,
                           rows_that_differed = null, started_at = excluded.started_at, finished_at = null,
                           error = null, runner_pid = excluded.runner_pid""",
                    each.projection(), each.state(), each.replayed(), each.total(),
                    Timestamp.from(each.startedAt()), runnerPid);
        }
    }

    /**
     * Records {@code progress} of the rebuild that began at its {@code startedAt} under {@code runnerPid}; a rebuild
     * begun since, by another instance after this one lost the lock, keeps its own row. The total is the log counted
     * at the start, raised with the replay, which also takes in the events written since: it had shown more replayed
     * than the total, over 100% done, even once DONE.
     */
    void update(ProjectionRebuild.Progress progress, int runnerPid) {
        jdbc.update("""
                update read_model.projection_rebuilds
                   set state = ?, replayed = ?, total = greatest(total, ?), rows_that_differed = ?, finished_at = ?,
                       error = ?
                 where projection = ? and runner_pid = ? and started_at = ?""",
                progress.state(), progress.replayed(), progress.replayed(), progress.rowsThatDiffered(),
                progress.finishedAt() == null ? null : Timestamp.from(progress.finishedAt()), progress.error(),
                progress.projection(), runnerPid, Timestamp.from(progress.startedAt()));
    }

    /** The latest rebuild of each projection ever rebuilt, by name. */
    List<ProjectionRebuild.Progress> all() {
        return jdbc.query(SELECT + " order by projection", (row, number) -> read(row));
    }

    /** Whether a rebuild is recorded as running and its runner still holds the lock. */
    boolean anyRunning() {
        return all().stream().anyMatch(progress -> "RUNNING".equals(progress.state()));
    }

    private static ProjectionRebuild.Progress read(ResultSet row) throws SQLException {
        String state = row.getString("state");
        String error = row.getString("error");
        if ("RUNNING".equals(state) && !row.getBoolean("live")) {
            state = "FAILED";
            error = RUNNER_GONE;
        }
        long rows = row.getLong("rows_that_differed");
        Long differed = row.wasNull() ? null : rows;
        return new ProjectionRebuild.Progress(row.getString("projection"), state, row.getLong("replayed"),
                row.getLong("total"), differed, instant(row, "started_at"),
                instant(row, "finished_at"), error);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
