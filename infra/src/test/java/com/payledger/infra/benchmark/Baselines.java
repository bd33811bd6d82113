package com.payledger.infra.benchmark;

import java.sql.Timestamp;
import java.time.Instant;
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
    private final int accounts;

    /** On the ledger's own database, whose read model holds accounts {@code a0} to {@code a<accounts - 1>}. */
    Baselines(JdbcTemplate jdbc, int accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
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
        String id = "a" + ThreadLocalRandom.current().nextInt(accounts);
        return jdbc.queryForList("select posted_minor from read_model.accounts where account_id = ?", Long.class, id)
                .size() == 1;
    }

    /**
     * (d) A statement page: the newest {@code limit} entries of an account by keyset on its primary key, the same
     * query as the service's statement read (one more row, to know whether there is a next page).
     */
    boolean keysetPage(int limit) {
        String id = "a" + ThreadLocalRandom.current().nextInt(accounts);
        return !jdbc.queryForList("""
                select sequence, transfer_id, amount_minor, currency, balance_after_minor, counterparty_account_id,
                       description, posted_at
                  from read_model.account_entries
                 where account_id = ? and sequence < ? and posted_at >= ? and posted_at < ?
                 order by sequence desc
                 limit ?""", id, Long.MAX_VALUE, Timestamp.from(Instant.EPOCH),
                Timestamp.from(Instant.parse("9999-12-31T00:00:00Z")), limit + 1).isEmpty();
    }
}
