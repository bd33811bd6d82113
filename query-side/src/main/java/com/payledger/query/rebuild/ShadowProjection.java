package com.payledger.query.rebuild;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One projection being rebuilt: a second instance of its handlers, writing to its shadow tables through a writer of
 * its own (so that each projection's statements still go out as runs of the same statement when several are
 * rebuilt in one pass over the log), and a thread of its own that sends a batch's statements while the rebuild
 * reads and handles the next batch. PostgreSQL executing one projection's writes, another's, and the JVM reading
 * the log then overlap instead of taking turns. Transactions in the shadow tables only bound the work at risk: a
 * rebuild that fails leaves nothing behind that the next one keeps.
 */
final class ShadowProjection implements AutoCloseable {

    private final RebuildableProjection projection;
    private final JdbcTemplate jdbc;
    private final String schema;
    private final BatchedWriter writer;
    private final AnnotationEventHandlerAdapter handlers;
    private final List<String> afterReplay;
    private final ExecutorService sender;
    private Future<?> sending = CompletableFuture.completedFuture(null);

    /** Creates the shadow tables of {@code projection} in {@code schema}, which must exist. */
    ShadowProjection(RebuildableProjection projection, JdbcTemplate jdbc, String schema) {
        this.projection = projection;
        this.jdbc = jdbc;
        this.schema = schema;
        this.writer = new BatchedWriter(jdbc);
        this.handlers = new AnnotationEventHandlerAdapter(projection.writingTo(schema, writer));
        this.afterReplay = new ShadowTables(jdbc, schema).create(projection);
        this.sender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-" + projection.processingGroup());
            thread.setDaemon(true);
            return thread;
        });
    }

    String name() {
        return projection.processingGroup();
    }

    void handle(EventMessage<?> event) {
        try {
            handlers.handle(event);
        } catch (Exception failure) {
            throw new IllegalStateException(name() + " failed to replay event " + event.getIdentifier(), failure);
        }
    }

    /** Sends what the handlers queued, in this thread's transaction. */
    void flush() {
        writer.flush();
    }

    /**
     * Hands what the handlers queued to this projection's sending thread, to send in a transaction of its own;
     * first waits until the batch handed before is sent.
     */
    void sendInBackground(TransactionTemplate transactions) {
        awaitSent();
        BatchedWriter.Pending pending = writer.take();
        sending = sender.submit(() -> transactions.executeWithoutResult(status -> pending.send()));
    }

    /** Waits until everything handed to the sending thread is sent; rethrows what failed there. */
    void awaitSent() {
        try {
            sending.get();
        } catch (ExecutionException failed) {
            throw new IllegalStateException(name() + " failed to write a replayed batch", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name() + " was writing", interrupted);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }

    /** Builds what the replay went without: the deferred keys and indexes. */
    void completeTables() {
        afterReplay.forEach(jdbc::execute);
    }

    boolean readByConsistencyChecks() {
        return projection.readByConsistencyChecks();
    }

    /** Its tables' names, the same in the live schema and in the shadow one. */
    List<String> tables() {
        return projection.tables();
    }

    /** The schema its shadow tables are in. */
    String schema() {
        return schema;
    }
}
