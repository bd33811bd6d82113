package com.payledger.infra.support;

import com.payledger.infra.database.EmbeddedPostgresInitializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server per test JVM, shared by every test and every application context in it. Set
 * {@code PAYLEDGER_TEST_DB_URL} (with {@code PAYLEDGER_TEST_DB_USER}/{@code PAYLEDGER_TEST_DB_PASSWORD}, a role that
 * may create roles and databases; no user in the URL) to run the suite against an external server instead. Tests
 * never clean it: each uses ids of its own.
 *
 * <p>Services under test run least-privilege, as in production: they connect as the runtime role {@link #user()}
 * ({@value #RUNTIME_ROLE}, created here), and Flyway migrates as the superuser {@link #superuser()}. For services
 * started with {@link ServiceInstance}, which pass only the datasource's credentials, the migration credentials are
 * set once per JVM as the system properties {@code PAYLEDGER_DB_MIGRATION_USER}/{@code _PASSWORD}, where the
 * service's configuration reads them as it reads the environment. {@link #jdbc()} looks behind the service's back
 * as the superuser.
 */
public final class TestDatabase {

    private static final String RUNTIME_ROLE = EmbeddedPostgresInitializer.RUNTIME_ROLE;

    private static String url;
    private static String superuser;
    private static String superuserPassword;
    private static String password;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null) {
            String external = System.getenv("PAYLEDGER_TEST_DB_URL");
            if (external != null && !external.isBlank()) {
                url = external;
                superuser = System.getenv().getOrDefault("PAYLEDGER_TEST_DB_USER", "postgres");
                superuserPassword = System.getenv().getOrDefault("PAYLEDGER_TEST_DB_PASSWORD", "");
            } else {
                EmbeddedPostgres postgres = start();
                // No user in the URL: the driver would prefer it to the user a test connects as.
                url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
                superuser = "postgres";
                superuserPassword = "";
            }
            password = createRuntimeRole();
            System.setProperty("PAYLEDGER_DB_MIGRATION_USER", superuser);
            System.setProperty("PAYLEDGER_DB_MIGRATION_PASSWORD", superuserPassword);
        }
        return url;
    }

    /** The runtime role: what a service under test connects as. */
    public static String user() {
        url();
        return RUNTIME_ROLE;
    }

    public static String password() {
        url();
        return password;
    }

    /** The server's superuser: migrates, creates databases, and may bypass the append-only trigger. */
    public static String superuser() {
        url();
        return superuser;
    }

    public static String superuserPassword() {
        url();
        return superuserPassword;
    }

    /** The service connects as the runtime role; Flyway migrates as the superuser. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
        registry.add("spring.flyway.user", TestDatabase::superuser);
        registry.add("spring.flyway.password", TestDatabase::superuserPassword);
    }

    /**
     * A new, empty database on the same server, for tests that need the whole ledger to themselves (no other
     * service instance of the JVM polling its deadlines). Returns its JDBC URL.
     */
    public static synchronized String newDatabase() {
        String name = "ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        jdbc().execute("create database " + name);
        String base = url();
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        String newPath = path.substring(0, path.lastIndexOf('/') + 1) + name;
        return query < 0 ? newPath : newPath + base.substring(query);
    }

    /** The shared database, as the superuser. */
    public static DataSource dataSource() {
        return new DriverManagerDataSource(url(), superuser(), superuserPassword());
    }

    public static JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    /**
     * Runs {@code statement}, which must change exactly one row, in {@code database} as the superuser, past the
     * append-only triggers: what an intruder with the database's keys could do behind the service's back.
     */
    public static void asSuperuser(String database, String statement) {
        SingleConnectionDataSource superuser = new SingleConnectionDataSource(database, superuser(),
                superuserPassword(), true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(superuser);
            jdbc.execute("set session_replication_role = replica");
            int rows = jdbc.update(statement);
            if (rows != 1) {
                throw new AssertionError(rows + " rows changed by " + statement);
            }
        } finally {
            superuser.destroy();
        }
    }

    /** Creates the runtime role unless it exists, with a new password for this JVM; returns the password. */
    private static String createRuntimeRole() {
        String newPassword = UUID.randomUUID().toString();
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(url, superuser, superuserPassword));
        EmbeddedPostgresInitializer.createRuntimeRoleIfMissing(admin);
        admin.execute("alter role " + RUNTIME_ROLE + " password '" + newPassword + "'");
        return newPassword;
    }

    private static EmbeddedPostgres start() {
        try {
            // The zonky defaults (synchronous_commit off) are fine here: tests kill the service, never PostgreSQL.
            return EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the test PostgreSQL", e);
        }
    }
}
