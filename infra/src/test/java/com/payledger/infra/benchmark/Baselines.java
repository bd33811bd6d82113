package com.payledger.infra.benchmark;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What PostgreSQL itself does on this machine, measured with plain JDBC in the same run as the service, so the
 * service's figures can be read as ratios that do not drift from machine to machine.
 */
final class Baselines {

    static final int STREAMS_PER_CLIENT = 100;
    static final int EVENTS_PER_STREAM = 10;
    private static final byte[] EVENT = new byte[320];

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    Baselines(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    void prepare() {
        jdbc.execute("create schema if not exists bench");
        jdbc.execute("create table bench.rows (id bigserial primary key, payload bytea not null)");
        jdbc.execute("create table bench.events (stream varchar(64) not null, seq bigint not null, "
                + "payload bytea not null, primary key (stream, seq))");
        jdbc.execute("insert into bench.events select 'c' || c || '-s' || s, e, decode(repeat('00', 320), 'hex') "
                + "from generate_series(0, 31) c, generate_series(0, " + (STREAMS_PER_CLIENT - 1) + ") s, "
                + "generate_series(0, " + (EVENTS_PER_STREAM - 1) + ") e");
    }

    /** (a) One durable transaction inserting one event-sized row. */
    boolean insertOneRow() {
        return jdbc.update("insert into bench.rows (payload) values (?)", (Object) EVENT) == 1;
    }

    /**
     * (b) The event-sourced command shape: read a stream's last ten rows, insert the next, commit. Each client has
     * streams of its own, so the baseline never conflicts.
     */
    boolean commandShape(int client) {
        String stream = "c" + client + "-s" + ThreadLocalRandom.current().nextInt(STREAMS_PER_CLIENT);
        Boolean inserted = transactions.execute(status -> {
            Long last = jdbc.queryForList("select seq from bench.events where stream = ? order by seq desc limit 10",
                    Long.class, stream).get(0);
            return jdbc.update("insert into bench.events (stream, seq, payload) values (?, ?, ?)", stream, last + 1,
                    EVENT) == 1;
        });
        return Boolean.TRUE.equals(inserted);
    }

    /** (c) An indexed point select on the accounts read model. */
    boolean pointSelect() {
        String id = "a" + ThreadLocalRandom.current().nextInt(TransferThroughputBenchmark.ACCOUNTS);
        return jdbc.queryForList("select posted_minor from read_model.accounts where account_id = ?", Long.class, id)
                .size() == 1;
    }
}
