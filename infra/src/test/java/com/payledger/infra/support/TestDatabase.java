package com.payledger.infra.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server per test JVM, shared by every test and every application context in it. Set
 * {@code PAYLEDGER_TEST_DB_URL} (with {@code PAYLEDGER_TEST_DB_USER}/{@code PAYLEDGER_TEST_DB_PASSWORD}) to run the
 * suite against an external server instead. Tests never clean it: each uses ids of its own.
 */
public final class TestDatabase {

    private static String url;
    private static String user;
    private static String password;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null) {
            String external = System.getenv("PAYLEDGER_TEST_DB_URL");
            if (external != null && !external.isBlank()) {
                url = external;
                user = System.getenv().getOrDefault("PAYLEDGER_TEST_DB_USER", "postgres");
                password = System.getenv().getOrDefault("PAYLEDGER_TEST_DB_PASSWORD", "");
            } else {
                EmbeddedPostgres postgres = start();
                url = postgres.getJdbcUrl("postgres", "postgres");
                user = "postgres";
                password = "";
            }
        }
        return url;
    }

    public static String user() {
        url();
        return user;
    }

    public static String password() {
        url();
        return password;
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }

    /**
     * A new, empty database on the same server, for tests that need the whole ledger to themselves (no other
     * service instance of the JVM polling its deadlines). Returns its JDBC URL.
     */
    public static synchronized String newDatabase() {
        String name = "ledger_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        jdbc().execute("create database " + name);
        String base = url();
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        String newPath = path.substring(0, path.lastIndexOf('/') + 1) + name;
        return query < 0 ? newPath : newPath + base.substring(query);
    }

    public static DataSource dataSource() {
        return new DriverManagerDataSource(url(), user(), password());
    }

    public static JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
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
