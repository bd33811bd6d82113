package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.ServiceProcess;
import com.payledger.infra.support.TestDatabase;
import com.payledger.query.rebuild.ProjectionRebuild;
import com.payledger.query.rebuild.ProjectionRebuild.Progress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The service connects as a role that may append to history but not change it: PostgreSQL refuses UPDATE, DELETE
 * and TRUNCATE on the event table for lack of privilege (SQLState 42501), before the append-only trigger is ever
 * reached. Everything the service does still works with that role, a projection rebuild included, and a database
 * migrated before the two roles existed is restricted on the next start.
 */
class LeastPrivilegeIT {

    private static final String PERMISSION_DENIED = "42501";

    @Test
    void givenADatabaseFromBeforeTheRoles_whenStartedWithTheRuntimeRole_thenHistoryIsAppendOnlyByPrivilege() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance oneRole = ServiceInstance.start(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword())) {
            assertThat(oneRole.client().openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
        }
        for (int start = 0; start < 2; start++) {
            try (ServiceInstance ledger = ServiceInstance.start(database)) {
                DataSource service = ledger.context().getBean(DataSource.class);
                JdbcTemplate asService = new JdbcTemplate(service);
                assertThat(asService.queryForObject("select current_user", String.class))
                        .isEqualTo(TestDatabase.user());
                assertThat(asService.queryForObject("select rolsuper from pg_roles where rolname = current_user",
                        Boolean.class)).isFalse();
                long before = events(asService);
                LedgerClient client = ledger.client();
                assertThat(client.openAccount("alice-" + start, "EUR", "u-1", null).status()).isEqualTo(201);
                assertThat(client.transfer("t-" + start, "bank", "alice-" + start, 100, "EUR").status())
                        .isEqualTo(201);
                assertThat(events(asService)).as("the service appended its events").isEqualTo(before + 3);

                for (String statement : List.of(
                        "update event_store.domainevententry set payload = payload",
                        "delete from event_store.domainevententry",
                        "truncate event_store.domainevententry",
                        "select setval(pg_get_serial_sequence('event_store.domainevententry', 'globalindex'), 1)",
                        "update command_side.transfer_requests set amount_minor = 1",
                        "delete from audit.merkle_leaves",
                        "update audit.checkpoints set signature = signature",
                        "update event_store.snapshotevententry set payload = payload")) {
                    assertRefusedForPrivilege(service, statement);
                }
                // The one column the runtime role may update: by the claiming transaction only (a trigger).
                assertRefusedByTrigger(service, "update command_side.transfer_requests "
                        + "set posted_at = posted_at + interval '1 second' where transfer_id = 't-" + start + "'",
                        "a claim is fixed once its transaction committed");
            }
        }
    }

    @Test
    void givenTheRuntimeRole_whenItsOwnTransactionSettlesAClaim_thenOnlyALaterTimeIsAccepted() throws SQLException {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase());
             Connection connection = ledger.context().getBean(DataSource.class).getConnection()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("insert into command_side.transfer_requests (transfer_id, debit_account_id, "
                        + "credit_account_id, amount_minor, currency, metadata, posted_at) values ('t-settle', 'a', "
                        + "'b', 5, 'EUR', '{}', '2026-12-01T10:00:00Z')");
                sql.execute("update command_side.transfer_requests set posted_at = '2026-12-01T10:00:01Z' "
                        + "where transfer_id = 't-settle'");
                sql.execute("savepoint earlier");
                assertThatThrownBy(() -> sql.execute("update command_side.transfer_requests "
                        + "set posted_at = '2026-12-01T09:00:00Z' where transfer_id = 't-settle'"))
                        .hasMessageContaining("only a later posted_at may be settled");
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void givenTheRuntimeRole_whenItShadowsTheTransactionIdOnItsSearchPath_thenTheTriggerStillRefuses()
            throws SQLException {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            assertThat(ledger.client().openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
            assertThat(ledger.client().openAccount("alice", "EUR", "u-1", null).status()).isEqualTo(201);
            assertThat(ledger.client().transfer("t-shadow", "bank", "alice", 100, "EUR").status()).isEqualTo(201);
            try (Connection connection = ledger.context().getBean(DataSource.class).getConnection();
                 Statement sql = connection.createStatement()) {
                long xmin = new JdbcTemplate(new SingleConnectionDataSource(connection, true)).queryForObject(
                        "select xmin::text::bigint from command_side.transfer_requests where transfer_id = 't-shadow'",
                        Long.class);
                // A function of the caller's own, named like the built-in and first on its path, that answers the
                // claim's transaction id: the trigger must not be fooled into treating the update as the claim's.
                sql.execute("create schema shadow");
                sql.execute("create function shadow.pg_current_xact_id() returns xid8 language sql as $$ select '"
                        + xmin + "'::xid8 $$");
                sql.execute("set search_path = shadow, pg_catalog, public");
                assertThatThrownBy(() -> sql.execute("update command_side.transfer_requests set posted_at = "
                        + "posted_at + interval '365 days' where transfer_id = 't-shadow'"))
                        .hasMessageContaining("a claim is fixed once its transaction committed");
            }
        }
    }

    private static void assertRefusedByTrigger(DataSource service, String statement, String reason) {
        assertThatThrownBy(() -> {
            try (Connection connection = service.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute(statement);
            }
        }).as(statement).isInstanceOf(SQLException.class).hasMessageContaining(reason);
    }

    @Test
    void givenTheRuntimeRole_whenProjectionsAreRebuilt_thenTheyReplaceTheLiveTablesAndStayItsOwn() {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            for (int i = 0; i < 20; i++) {
                assertThat(client.transfer("t" + i, "bank", "alice", 10, "EUR").status()).isEqualTo(201);
            }
            ledger.jdbc().update("update read_model.accounts set posted_minor = 0 where account_id = 'alice'");
            ProjectionRebuild rebuild = ledger.context().getBean(ProjectionRebuild.class);

            assertThat(rebuilt(rebuild, "projection-accounts").rowsThatDiffered())
                    .as("alice's row, live and rebuilt").isEqualTo(2);
            for (String name : rebuild.names()) {
                assertThat(rebuilt(rebuild, name).rowsThatDiffered()).as(name).isZero();
            }

            assertThat(client.postedBalance("alice")).isEqualTo(200);
            assertThat(client.transfer("after", "bank", "alice", 5, "EUR").status()).isEqualTo(201);
            assertThat(client.postedBalance("alice")).isEqualTo(205);
            assertThat(new JdbcTemplate(superuser(ledger)).queryForList(
                    "select distinct tableowner from pg_tables where schemaname = 'read_model'", String.class))
                    .containsExactly(TestDatabase.user());
        }
    }

    /** The roles exactly as README.md creates them: the owner is no superuser, only a member of the runtime role. */
    @Test
    void givenTheReadmeRoles_whenThePackagedServiceStarts_thenTheOwnerMigratesAndTheRuntimeRoleIsRestricted()
            throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String owner = "owner_" + suffix;
        String runtime = "app_" + suffix;
        String database = "ledger_" + suffix;
        String ownerPassword = UUID.randomUUID().toString();
        String runtimePassword = UUID.randomUUID().toString();
        JdbcTemplate admin = TestDatabase.jdbc();
        admin.execute("create role " + owner + " login password '" + ownerPassword + "'");
        admin.execute("create role " + runtime + " login password '" + runtimePassword + "'");
        admin.execute("grant " + runtime + " to " + owner);
        admin.execute("create database " + database + " owner " + owner);
        String url = TestDatabase.url().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        Path directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "roles-it-");
        Path passwordFile = Files.writeString(directory.resolve("owner-password"), ownerPassword + "\n");

        try (ServiceProcess service = ServiceProcess.start(Map.of("PAYLEDGER_DB_URL", url,
                "PAYLEDGER_DB_USER", runtime, "PAYLEDGER_DB_PASSWORD", runtimePassword,
                "PAYLEDGER_DB_MIGRATION_USER", owner, "PAYLEDGER_DB_MIGRATION_PASSWORD_FILE", passwordFile.toString(),
                "PAYLEDGER_DATA_DIR", directory.resolve("unused").toString()), directory.resolve("service.log"))) {
            assertThat(service.client().openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
        }

        JdbcTemplate asSuperuser = new JdbcTemplate(new DriverManagerDataSource(url, TestDatabase.superuser(),
                TestDatabase.superuserPassword()));
        assertThat(asSuperuser.queryForList("select distinct tableowner from pg_tables where schemaname in "
                + "('event_store', 'command_side', 'scheduler', 'audit')", String.class)).containsExactly(owner);
        assertThat(asSuperuser.queryForList("select distinct tableowner from pg_tables where schemaname = "
                + "'read_model'", String.class)).containsExactly(runtime);
        DataSource asRuntime = new DriverManagerDataSource(url, runtime, runtimePassword);
        assertThat(events(new JdbcTemplate(asRuntime))).isOne();
        assertRefusedForPrivilege(asRuntime, "delete from event_store.domainevententry");
    }

    private static Progress rebuilt(ProjectionRebuild rebuild, String name) {
        assertThat(rebuild.start(name)).as("nothing else rebuilds").isPresent();
        Progress done = Eventually.await(() -> rebuild.progress(name).orElseThrow(),
                progress -> !"RUNNING".equals(progress.state()), Duration.ofSeconds(60), name);
        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo("DONE");
        return done;
    }

    private static void assertRefusedForPrivilege(DataSource service, String statement) {
        assertThatThrownBy(() -> {
            try (Connection connection = service.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute(statement);
            }
        }).as(statement).isInstanceOfSatisfying(SQLException.class,
                refused -> assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo(PERMISSION_DENIED));
    }

    private static long events(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
    }

    private static DataSource superuser(ServiceInstance ledger) {
        String url = ledger.context().getEnvironment().getProperty("spring.datasource.url");
        return new DriverManagerDataSource(url, TestDatabase.superuser(), TestDatabase.superuserPassword());
    }
}
