package com.payledger.infra.benchmark;

import com.payledger.infra.benchmark.TransferBenchmark.Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL server a benchmark runs on. By default an embedded one of its own, with durable commits (fsync and
 * synchronous_commit on). With {@code -Dbenchmark.url=jdbc:postgresql://localhost:5432/postgres} (and
 * {@code -Dbenchmark.user}, default {@code postgres}, and {@code -Dbenchmark.password}) an existing server on this
 * machine instead; its role must be allowed to create databases, and every benchmark database it creates is named
 * {@code bench_*}, {@code rebuild_*} or {@code pit_*}. Benchmarks only ever load loopback: another host is refused.
 */
final class BenchmarkPostgres implements AutoCloseable {

    static final String URL_PROPERTY = "benchmark.url";

    private final EmbeddedPostgres embedded;
    private final Server server;

    private BenchmarkPostgres(EmbeddedPostgres embedded, Server server) {
        this.embedded = embedded;
        this.server = server;
    }

    static BenchmarkPostgres start() throws IOException {
        String url = System.getProperty(URL_PROPERTY, "");
        if (!url.isBlank()) {
            requireLoopback(url);
            return new BenchmarkPostgres(null, Server.of(url, System.getProperty("benchmark.user", "postgres"),
                    System.getProperty("benchmark.password", "")));
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "300").start();
        return new BenchmarkPostgres(postgres, Server.of("jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres", "postgres", ""));
    }

    Server server() {
        return server;
    }

    /** The server's maintenance database, as the benchmark's role. */
    JdbcTemplate admin() {
        return new JdbcTemplate(new DriverManagerDataSource(server.url("postgres"), server.user(),
                server.password()));
    }

    /** What the run's figures were measured on, for the report. */
    String describe() {
        JdbcTemplate admin = admin();
        return (embedded == null ? "PostgreSQL at " + server.url("postgres") : "embedded PostgreSQL") + " "
                + admin.queryForObject("show server_version", String.class) + ", fsync "
                + admin.queryForObject("show fsync", String.class) + ", synchronous_commit "
                + admin.queryForObject("show synchronous_commit", String.class);
    }

    static void requireLoopback(String jdbcUrl) {
        String host = URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
        try {
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("-D" + URL_PROPERTY + " must name a server on this machine "
                        + "(localhost, 127.0.0.1, [::1]): benchmarks only load loopback, not " + host);
            }
        } catch (UnknownHostException unknown) {
            throw new IllegalArgumentException("-D" + URL_PROPERTY + ": unknown host " + host, unknown);
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
