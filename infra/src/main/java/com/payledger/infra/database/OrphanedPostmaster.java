package com.payledger.infra.database;

import com.payledger.infra.failure.StartupRefusal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server runs as its own process. When the service dies without its shutdown hook (kill -9, power
 * loss of the JVM only), that postmaster keeps running and keeps the data directory locked, so the next start
 * would fail. This finds it through {@code postmaster.pid} and stops it; PostgreSQL's own crash recovery then
 * guarantees that every committed transaction is still there.
 *
 * <p>A running postmaster is orphaned only when no live service holds the data directory. Each service holds the
 * embedded server's lock file ({@value #LOCK_FILE}) for as long as it runs, and the operating system releases it
 * when the process dies, also on kill -9: a second service started on the same folder must fail, not stop the
 * server of the first one under it.
 */
final class OrphanedPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The file the embedded server's library locks while a service runs it (zonky's {@code EmbeddedPostgres}). */
    static final String LOCK_FILE = "epg-lock";

    private OrphanedPostmaster() {
    }

    /** How {@link #stopIfRunning} stopped an orphan, if it found one. */
    enum Stop {
        NONE_RUNNING,
        /** SIGINT: PostgreSQL's fast shutdown, which ends every session itself. */
        FAST_SHUTDOWN,
        /** Without a kill program: the sessions ended first, then SIGTERM's smart shutdown. */
        SESSIONS_ENDED_THEN_SMART_SHUTDOWN
    }

    static Stop stopIfRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Stop.NONE_RUNNING;
        }
        List<String> lines = Files.readAllLines(pidFile);
        // Line 2 names the data directory: after a reboot the pid may belong to another PostgreSQL entirely.
        if (lines.size() < 2 || !Path.of(lines.get(1).trim()).toAbsolutePath().normalize()
                .equals(dataDirectory.toAbsolutePath().normalize())) {
            return Stop.NONE_RUNNING;
        }
        Optional<ProcessHandle> postmaster = parseNumber(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return Stop.NONE_RUNNING; // a stale pid file: PostgreSQL itself ignores it when that process is gone
        }
        if (heldByALiveService(dataDirectory.resolve(LOCK_FILE))) {
            throw new StartupRefusal("The data directory " + dataDirectory + " is in use by another running "
                    + "service (its PostgreSQL has pid " + postmaster.get().pid() + ").", "Stop that one first, or "
                    + "give this one its own PAYLEDGER_DATA_DIR.");
        }
        LOG.warn("Stopping the PostgreSQL server (pid {}) left running by a previous run", postmaster.get().pid());
        Stop stop = requestShutdown(postmaster.get(), lines);
        try {
            postmaster.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned postmaster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned postmaster (pid " + postmaster.get().pid() + ") did not stop", e);
        }
        return stop;
    }

    /**
     * Asks the orphan for PostgreSQL's "fast" shutdown, SIGINT, sent by the system's {@code kill} program: it ends
     * every client session, rolls back what they had not committed, and refuses new ones while it stops. What was
     * committed stays. ({@code pg_ctl stop -m fast}, which sends the same signal, refuses to run as root, as services
     * in containers often do.)
     *
     * <p>Without that program, Java can send only SIGTERM ({@link ProcessHandle#destroy}), the "smart" shutdown that
     * waits for every session to end, so the sessions are ended first. That leaves a window: a client that
     * reconnects at once (another instance's connection pool on the same server) got in between and kept the smart
     * shutdown waiting, the start failed after 30 s, and the server refused new connections until every client was
     * stopped.
     */
    private static Stop requestShutdown(ProcessHandle postmaster, List<String> pidFile) throws IOException {
        if (fastShutdown(postmaster)) {
            return Stop.FAST_SHUTDOWN;
        }
        if (pidFile.size() >= 4) {
            endClientSessions(postmaster, parseNumber(pidFile.get(3)).orElse(0L).intValue());
        }
        postmaster.destroy();
        return Stop.SESSIONS_ENDED_THEN_SMART_SHUTDOWN;
    }

    /** Whether {@code kill -s INT} ran and delivered the signal. */
    private static boolean fastShutdown(ProcessHandle postmaster) throws IOException {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-s", "INT", Long.toString(postmaster.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException noKillProgram) {
            LOG.warn("No kill program to ask the orphaned PostgreSQL server for a fast shutdown; ending its "
                    + "sessions first instead");
            return false;
        }
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            if (kill.exitValue() != 0) {
                LOG.warn("kill -s INT {} exited with {}; ending the orphan's sessions first instead", postmaster.pid(),
                        kill.exitValue());
            }
            return kill.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned postmaster", e);
        }
    }

    private static void endClientSessions(ProcessHandle postmaster, int port) {
        PGSimpleDataSource orphan = new PGSimpleDataSource();
        orphan.setServerNames(new String[] {"localhost"});
        orphan.setPortNumbers(new int[] {port});
        orphan.setDatabaseName("postgres");
        orphan.setUser("postgres");
        orphan.setConnectTimeout(5);
        orphan.setSocketTimeout(10);
        try (Connection connection = orphan.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    select pg_terminate_backend(pid) from pg_stat_activity
                     where backend_type = 'client backend' and pid <> pg_backend_pid()""");
        } catch (SQLException unreachable) {
            LOG.warn("Could not end the client sessions of the orphaned PostgreSQL server (pid {}); its shutdown "
                    + "waits for them", postmaster.pid(), unreachable);
        }
    }

    /** Whether a live process, this one included, holds the lock on {@code lockFile}. */
    private static boolean heldByALiveService(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldByThisProcess) {
            return true;
        }
    }

    private static Optional<Long> parseNumber(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
