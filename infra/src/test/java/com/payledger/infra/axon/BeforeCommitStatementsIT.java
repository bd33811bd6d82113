package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.support.TestDatabase;
import com.payledger.query.rebuild.ReadModelWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The statements that wait for the commit ({@link BeforeCommitStatements}, the live read models' writer) on a real
 * PostgreSQL: statements wait for the commit, then run in the order they were queued, in the transaction, and a
 * failure among them rolls it back.
 */
class BeforeCommitStatementsIT {

    private static final String TABLE = "read_model_rows";

    private static JdbcTemplate jdbc;
    private static String database;
    private static DataSourceTransactionManager manager;
    private static TransactionTemplate transaction;

    @BeforeAll
    static void table() {
        // A database of its own (the shared one is the services'); one connection, so that a statement that ran at
        // once would be visible to the checks inside the transaction.
        database = TestDatabase.newDatabase();
        DataSource connection = new SingleConnectionDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword(), true);
        jdbc = new JdbcTemplate(connection);
        manager = new DataSourceTransactionManager(connection);
        transaction = new TransactionTemplate(manager);
        jdbc.execute("create table " + TABLE + " (id text primary key, amount bigint not null)");
    }

    @Test
    void givenTwoWritersInATransaction_whenItCommits_thenTheirStatementsRunThenInTheOrderQueued() {
        ReadModelWriter accounts = new BeforeCommitStatements(jdbc);
        ReadModelWriter transfers = new BeforeCommitStatements(jdbc);
        String id = id();

        transaction.executeWithoutResult(status -> {
            accounts.update(insert(), () -> { }, id, 10L);
            transfers.update("update " + TABLE + " set amount = amount * 3 where id = ?", () -> { }, id);
            accounts.update("update " + TABLE + " set amount = amount + 1 where id = ?", () -> { }, id);
            assertThat(amount(id)).as("queued, not sent: the transaction has no row yet").isEmpty();
        });

        assertThat(amount(id)).as("(10 * 3) + 1: in the order queued, across writers").containsExactly(31L);
    }

    @Test
    void givenAStatementThatChangesNoRow_whenCommitted_thenOnlyItsActionRunsAfterItRan() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String present = id();
        String absent = id();
        AtomicInteger ranForPresent = new AtomicInteger();
        List<List<Long>> seenByAbsentsAction = new ArrayList<>();

        transaction.executeWithoutResult(status -> {
            writer.update(insert(), () -> { }, present, 5L);
            writer.update("update " + TABLE + " set amount = 6 where id = ?", ranForPresent::incrementAndGet,
                    present);
            writer.update("update " + TABLE + " set amount = 7 where id = ?",
                    () -> seenByAbsentsAction.add(amount(present)), absent);
        });

        assertThat(ranForPresent).hasValue(0);
        assertThat(seenByAbsentsAction).as("it ran once, after its request ran").containsExactly(List.of(6L));
    }

    @Test
    void givenAFailingStatement_whenCommitting_thenTheCommitFailsAndNothingOfTheTransactionIsWritten() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String existing = id();
        jdbc.update(insert(), existing, 1L);
        String fresh = id();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            jdbc.update(insert(), id() + "-at-once", 1L);
            writer.update(insert(), () -> { }, fresh, 2L);
            writer.update(insert(), () -> { }, existing, 3L);
        })).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(amount(fresh)).isEmpty();
        assertThat(amount(existing)).containsExactly(1L);
    }

    @Test
    void givenARolledBackTransaction_thenNothingIsSentAndTheNextTransactionStartsAfresh() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String rolledBack = id();
        String committed = id();

        transaction.executeWithoutResult(status -> {
            writer.update(insert(), () -> { }, rolledBack, 1L);
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status -> writer.update(insert(), () -> { }, committed, 2L));

        assertThat(amount(rolledBack)).isEmpty();
        assertThat(amount(committed)).containsExactly(2L);
    }

    @Test
    void givenANoRowChangedActionThatWrites_whenTheQueueIsSent_thenItsStatementRunsAtOnceAndCommits() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String written = id();

        transaction.executeWithoutResult(status -> writer.update("update " + TABLE + " set amount = 0 where id = ?",
                () -> writer.update(insert(), () -> { }, written, 9L), id()));

        assertThat(amount(written)).containsExactly(9L);
    }

    @Test
    void givenANoRowChangedActionThatThrows_whenCommitting_thenTheCommitFailsAndTheNextTransactionStartsAfresh() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String first = id();
        String next = id();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            writer.update(insert(), () -> { }, first, 1L);
            writer.update("update " + TABLE + " set amount = 0 where id = ?", () -> {
                throw new IllegalStateException("read model lost a row");
            }, id());
        })).hasMessage("read model lost a row");
        transaction.executeWithoutResult(status -> writer.update(insert(), () -> { }, next, 2L));

        assertThat(amount(first)).isEmpty();
        assertThat(amount(next)).containsExactly(2L);
    }

    @Test
    void givenAnInnerRequiresNewTransaction_whenBothEnd_thenEachSendsItsOwnStatements() {
        // Two transactions at once need two connections.
        DataSource connections = new DriverManagerDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword());
        JdbcTemplate pooled = new JdbcTemplate(connections);
        DataSourceTransactionManager twoConnections = new DataSourceTransactionManager(connections);
        TransactionTemplate outer = new TransactionTemplate(twoConnections);
        TransactionTemplate inner = new TransactionTemplate(twoConnections);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        ReadModelWriter writer = new BeforeCommitStatements(pooled);
        String outerId = id();
        String innerId = id();

        outer.executeWithoutResult(status -> {
            writer.update(insert(), () -> { }, outerId, 1L);
            inner.executeWithoutResult(nested -> writer.update(insert(), () -> { }, innerId, 2L));
            writer.update("update " + TABLE + " set amount = amount + 10 where id = ?", () -> { }, outerId);
            status.setRollbackOnly();
        });

        assertThat(amount(innerId)).as("committed with the inner transaction").containsExactly(2L);
        assertThat(amount(outerId)).as("rolled back with the outer one").isEmpty();
    }

    @Test
    void givenNoTransaction_whenWriting_thenTheStatementRunsAtOnce() {
        String id = id();
        AtomicInteger noRowChanged = new AtomicInteger();

        new BeforeCommitStatements(jdbc).update(insert(), () -> { }, id, 4L);
        new BeforeCommitStatements(jdbc).update("update " + TABLE + " set amount = 0 where id = ?",
                noRowChanged::incrementAndGet, id());

        assertThat(amount(id)).containsExactly(4L);
        assertThat(noRowChanged).hasValue(1);
    }

    @Test
    void givenASynchronizedScopeWithoutATransaction_whenWriting_thenTheStatementRunsAtOnce() {
        TransactionTemplate withoutTransaction = new TransactionTemplate(manager);
        withoutTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
        String id = id();

        withoutTransaction.executeWithoutResult(status -> {
            new BeforeCommitStatements(jdbc).update(insert(), () -> { }, id, 8L);
            assertThat(amount(id)).as("no commit will come to send it").containsExactly(8L);
        });
    }

    @Test
    void givenMoreStatementsThanOneRequestCarries_whenCommitted_thenAllRun() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String id = id();
        int increments = 1_200;

        transaction.executeWithoutResult(status -> {
            writer.update(insert(), () -> { }, id, 0L);
            for (int i = 0; i < increments; i++) {
                writer.update("update " + TABLE + " set amount = amount + 1 where id = ?", () -> { }, id);
            }
        });

        assertThat(amount(id)).containsExactly((long) increments);
    }

    @Test
    void givenStatementsWithMoreParametersThanOneRequestTakes_whenCommitted_thenAllRun() {
        ReadModelWriter writer = new BeforeCommitStatements(jdbc);
        String id = id();
        int statements = 8;
        Object[] ids = new Object[10_000];
        Arrays.fill(ids, "none");
        ids[0] = id;
        String update = "update " + TABLE + " set amount = amount + 1 where id in ("
                + String.join(", ", Collections.nCopies(ids.length, "?")) + ")";

        transaction.executeWithoutResult(status -> {
            writer.update(insert(), () -> { }, id, 0L);
            for (int i = 0; i < statements; i++) {
                writer.update(update, () -> { }, ids);
            }
        });

        assertThat(amount(id)).containsExactly((long) statements);
    }

    @Test
    void givenAFailingRequest_whenOneOfItsStatementsClaimsTheError_thenTheCommitFailsWithThatStatementsOwn() {
        BeforeCommitStatements statements = new BeforeCommitStatements(jdbc);
        String id = id();
        jdbc.update(insert(), id, 1L);
        RuntimeException own = new IllegalStateException("the insert's own account of the clash");

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            statements.update("update " + TABLE + " set amount = 2 where id = ?", () -> { }, id);
            assertThat(statements.defer(insert(), new Object[] {id, 3L}, () -> { },
                    error -> error instanceof DataIntegrityViolationException ? own : error)).isTrue();
        })).isSameAs(own);

        assertThat(amount(id)).containsExactly(1L);
    }

    private static String insert() {
        return "insert into " + TABLE + " (id, amount) values (?, ?)";
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static List<Long> amount(String id) {
        return jdbc.queryForList("select amount from " + TABLE + " where id = ?", Long.class, id);
    }
}
