package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event store's insert waits for the commit and goes in the request that carries the read models' writes, on a
 * real PostgreSQL: stored in order under the append window, a clash on the stream turned into Axon's conflict, and
 * any other failure left as it is.
 */
class DeferredAppendStorageEngineIT {

    /** Axon's table as the event store migration creates it, plus the bound each row was stored under. */
    private static final String EVENTS = """
            create schema event_store;
            create table event_store.domainevententry (
                globalIndex bigserial not null primary key, aggregateIdentifier varchar(255) not null,
                sequenceNumber bigint not null, type varchar(255), eventIdentifier varchar(255) not null unique,
                metaData bytea, payload bytea not null, payloadRevision varchar(255),
                payloadType varchar(255) not null, timeStamp varchar(255) not null,
                unique (aggregateIdentifier, sequenceNumber),
                storedUnder text default current_setting('transaction_timeout'));
            create table read_model_rows (id text primary key)""";

    private static String url;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static SpringTransactionManager axonTransactions;
    private static BeforeCommitStatements beforeCommit;
    private static DeferredAppendStorageEngine engine;

    @BeforeAll
    static void engine() {
        // One connection, so that what was sent before the commit is visible to the checks inside the transaction.
        url = TestDatabase.newDatabase();
        DataSource connection = new SingleConnectionDataSource(url, TestDatabase.superuser(),
                TestDatabase.superuserPassword(), true);
        jdbc = new JdbcTemplate(connection);
        jdbc.execute(EVENTS);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(connection);
        transaction = new TransactionTemplate(manager);
        axonTransactions = new SpringTransactionManager(manager);
        beforeCommit = new BeforeCommitStatements(jdbc);
        PostgresConflictResolver conflicts = new PostgresConflictResolver();
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .persistenceExceptionResolver(conflicts)
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(connection)))
                .transactionManager(axonTransactions)
                .schema(EventSchema.builder().eventTable("event_store.domainevententry").build());
        engine = new DeferredAppendStorageEngine(builder, beforeCommit, new AppendWindow(), conflicts,
                new GapExpiry(Clock.systemUTC(), AppendWindow.GAP_TIMEOUT));
    }

    @Test
    void givenAUnitOfWorksEvents_whenItCommits_thenTheyAreInsertedJustBeforeInOrderAndUnderTheWindow() {
        String stream = stream();

        commitUnitOfWork(() -> {
            engine.appendEvents(List.of(event(stream, 0, "opened"), event(stream, 1, "credited")));
            beforeCommit.update("insert into read_model_rows (id) values (?)", () -> { }, stream);
            assertThat(stored(stream)).as("queued, not sent").isEmpty();
            assertThat(jdbc.queryForObject("show transaction_timeout", String.class)).isEqualTo("0");
        });

        assertThat(stored(stream)).containsExactly(stream + "/0/opened", stream + "/1/credited");
        assertThat(boundsStoredUnder(stream)).containsExactly("30s");
        assertThat(readModelRows(stream)).isEqualTo(1);
    }

    @Test
    void givenAnotherWriterAppendedFirst_whenCommitting_thenAxonsConflictAndNothingOfTheTransactionCommits() {
        String stream = stream();
        engine.appendEvents(List.of(event(stream, 0, "opened"), event(stream, 1, "theirs")));

        assertThatThrownBy(() -> commitUnitOfWork(() -> {
            engine.appendEvents(List.of(event(stream, 1, "ours")));
            beforeCommit.update("insert into read_model_rows (id) values (?)", () -> { }, stream);
        })).isInstanceOf(ConcurrencyException.class);

        assertThat(stored(stream)).containsExactly(stream + "/0/opened", stream + "/1/theirs");
        assertThat(readModelRows(stream)).isZero();
    }

    @Test
    void givenAStreamAnotherWriterCreated_whenCreatingItAgain_thenAxonsCreationConflict() {
        String stream = stream();
        engine.appendEvents(List.of(event(stream, 0, "theirs")));

        assertThatThrownBy(() -> commitUnitOfWork(() -> engine.appendEvents(List.of(event(stream, 0, "ours")))))
                .isInstanceOf(AggregateStreamCreationException.class);

        assertThat(stored(stream)).containsExactly(stream + "/0/theirs");
    }

    @Test
    void givenAReadModelsOwnDuplicateKey_whenCommitting_thenItIsNotTakenForAConflictToRetry() {
        String stream = stream();
        jdbc.update("insert into read_model_rows (id) values (?)", stream);

        assertThatThrownBy(() -> commitUnitOfWork(() -> {
            engine.appendEvents(List.of(event(stream, 0, "opened")));
            beforeCommit.update("insert into read_model_rows (id) values (?)", () -> { }, stream);
        })).isInstanceOf(DuplicateKeyException.class).isNotInstanceOf(ConcurrencyException.class);

        assertThat(stored(stream)).isEmpty();
    }

    @Test
    void givenClashesOnTheStreamAndOnARowQueuedAfterIt_whenCommitting_thenTheFirstClashDecides() {
        String stream = stream();
        engine.appendEvents(List.of(event(stream, 0, "theirs")));
        jdbc.update("insert into read_model_rows (id) values (?)", stream);

        // PostgreSQL stops at the first failing statement, the events' insert: a lost race, to retry.
        assertThatThrownBy(() -> commitUnitOfWork(() -> {
            beforeCommit.update("update read_model_rows set id = id where id = ?", () -> { }, stream);
            engine.appendEvents(List.of(event(stream, 0, "ours")));
            beforeCommit.update("insert into read_model_rows (id) values (?)", () -> { }, stream);
        })).isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void givenADeadlockAmongTheReadModelsStatements_whenCommitting_thenAPlainConflictToRetry() throws Exception {
        String stream = stream();
        String first = stream + "-first";
        String second = stream + "-second";
        jdbc.update("insert into read_model_rows (id) values (?), (?)", first, second);
        String touch = "update read_model_rows set id = id where id = ?";
        ExecutorService theirs = Executors.newSingleThreadExecutor();
        try (Connection other = DriverManager.getConnection(url, TestDatabase.superuser(),
                TestDatabase.superuserPassword())) {
            other.setAutoCommit(false);
            // The other transaction holds the first row, then waits for the second once this one holds it. This
            // session checks for the deadlock first, so PostgreSQL aborts this one.
            other.createStatement().execute("set deadlock_timeout = '10s'");
            new JdbcTemplate(new SingleConnectionDataSource(other, true)).update(touch, first);
            Future<?> waits = theirs.submit(() -> {
                Thread.sleep(1_000);
                return new JdbcTemplate(new SingleConnectionDataSource(other, true)).update(touch, second);
            });
            jdbc.execute("set deadlock_timeout = '2s'");

            assertThatThrownBy(() -> commitUnitOfWork(() -> {
                engine.appendEvents(List.of(event(stream, 0, "opened")));
                beforeCommit.update(touch, () -> { }, second);
                beforeCommit.update(touch, () -> { }, first);
            })).isInstanceOf(ConcurrencyException.class).isNotInstanceOf(AggregateStreamCreationException.class);

            waits.get(10, TimeUnit.SECONDS);
            other.rollback();
        } finally {
            jdbc.execute("reset deadlock_timeout");
            theirs.shutdown();
        }
        assertThat(stored(stream)).isEmpty();
    }

    @Test
    void givenATransactionWithoutAUnitOfWork_whenAppending_thenTheEventsAreStoredAtOnce() {
        String stream = stream();

        transaction.executeWithoutResult(status -> {
            engine.appendEvents(List.of(event(stream, 0, "opened")));
            assertThat(stored(stream)).as("sent at once").containsExactly(stream + "/0/opened");
        });

        assertThat(boundsStoredUnder(stream)).containsExactly("30s");
    }

    @Test
    void givenNoTransaction_whenAppending_thenTheEventsAreStoredAtOnceUnderTheWindow() {
        String stream = stream();

        engine.appendEvents(List.of(event(stream, 0, "opened")));

        assertThat(stored(stream)).containsExactly(stream + "/0/opened");
        assertThat(boundsStoredUnder(stream)).containsExactly("30s");
    }

    @Test
    void givenMoreEventsThanOneInsertTakes_whenAppended_thenAxonsBatchStoresThemAtOnceUnderTheWindow() {
        String stream = stream();
        List<DomainEventMessage<?>> events = IntStream.rangeClosed(0, AppendWindow.MAX_ROWS)
                .<DomainEventMessage<?>>mapToObj(sequence -> event(stream, sequence, "e" + sequence)).toList();

        commitUnitOfWork(() -> {
            engine.appendEvents(events);
            assertThat(stored(stream)).as("sent at once").hasSize(AppendWindow.MAX_ROWS + 1);
        });

        assertThat(boundsStoredUnder(stream)).containsExactly("30s");
    }

    /**
     * As Axon's command bus runs a command: a unit of work in a transaction of its own, which stores its events
     * ({@code preparingToCommit}) as it prepares to commit.
     */
    private static void commitUnitOfWork(Runnable preparingToCommit) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(axonTransactions);
        unitOfWork.onPrepareCommit(work -> preparingToCommit.run());
        unitOfWork.commit();
    }

    private static DomainEventMessage<?> event(String stream, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Account", stream, sequence, payload, Map.of());
    }

    private static String stream() {
        return UUID.randomUUID().toString();
    }

    /** The stream's stored events as stream/sequence/payload, in the order of the indexes they took. */
    private static List<String> stored(String stream) {
        return jdbc.queryForList("""
                select aggregateIdentifier || '/' || sequenceNumber || '/' || convert_from(payload, 'UTF8')
                  from event_store.domainevententry where aggregateIdentifier = ? order by globalIndex""",
                String.class, stream).stream().map(row -> row.replace("\"", "")).toList();
    }

    private static List<String> boundsStoredUnder(String stream) {
        return jdbc.queryForList("select distinct storedUnder from event_store.domainevententry "
                + "where aggregateIdentifier = ?", String.class, stream);
    }

    private static int readModelRows(String id) {
        return jdbc.queryForObject("select count(*) from read_model_rows where id = ?", Integer.class, id);
    }
}
