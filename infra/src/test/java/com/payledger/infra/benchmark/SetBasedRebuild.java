package com.payledger.infra.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Baseline (d): what PostgreSQL itself does when the read models are rebuilt set-based, with plain JDBC, from the
 * same events, {@value #BATCH} events per transaction. It fills tables shaped exactly like the live read models
 * ({@code create table ... (like read_model.x including all)}, so the same indexes are maintained) in schema
 * {@value #SCHEMA}, with two statements per transaction: one opens the batch's accounts, one posts its debits and
 * credits (entries with their running balance, balances, transfers). Unlike the projections it checks no order
 * and no invariant: it is what the hardware and PostgreSQL allow, not a way to run the ledger.
 */
final class SetBasedRebuild {

    static final int BATCH = 100;
    static final String SCHEMA = "bench_rebuild";
    static final List<String> TABLES = List.of("accounts", "account_entries", "transfers");

    /**
     * Parameter: the last global index of the previous batch. Opens the accounts of the next {@value #BATCH}
     * events and returns that batch's last index and size.
     */
    private static final String OPEN_ACCOUNTS = """
            with batch as (
                select globalindex, sequencenumber as sequence, payloadtype as type, payload
                  from event_store.domainevententry where globalindex > ? order by globalindex limit %d),
            opened as (
                insert into bench_rebuild.accounts (account_id, owner_id, currency, type, status,
                    overdraft_limit_minor, name, metadata, posted_minor, pending_minor, opened_at, last_sequence)
                select p ->> 'accountId', p ->> 'ownerId',
                       coalesce(p ->> 'currency', p -> 'overdraftLimit' ->> 'currency'), p ->> 'type', 'OPEN',
                       case when p ->> 'type' = 'EXTERNAL' then 0 else coalesce((p ->> 'overdraftLimitMinor')::bigint,
                           (p -> 'overdraftLimit' ->> 'amountMinor')::bigint, 0) end,
                       p ->> 'name', coalesce(p -> 'metadata', '{}'::jsonb), 0, 0, (p ->> 'openedAt')::timestamptz,
                       sequence
                  from (select sequence, convert_from(payload, 'UTF8')::jsonb as p from batch
                         where type = 'com.payledger.events.account.AccountOpened') opens
                on conflict (account_id) do nothing)
            select coalesce(max(globalindex), -1), count(*) from batch""".formatted(BATCH);

    /**
     * Parameters: the batch's global index range (after, through]. Posts its debits and credits: the statement
     * entries with their running balance, the transfers (from the debit legs) and the balances, in one statement.
     */
    private static final String POST_MOVES = """
            with moves as (
                select p ->> 'accountId' as account_id, sequence, p ->> 'transferId' as transfer_id,
                       coalesce(p ->> 'creditAccountId', p ->> 'debitAccountId') as counterparty_account_id,
                       case when debit then -1 else 1 end * (p -> 'amount' ->> 'amountMinor')::bigint as amount_minor,
                       p -> 'amount' ->> 'currency' as currency, p ->> 'description' as description,
                       (p ->> 'postedAt')::timestamptz as posted_at, p -> 'metadata' as metadata, debit
                  from (select sequencenumber as sequence, convert_from(payload, 'UTF8')::jsonb as p,
                               payloadtype = 'com.payledger.events.account.AccountDebited' as debit
                          from event_store.domainevententry
                         where globalindex > ? and globalindex <= ? and payloadtype in (
                               'com.payledger.events.account.AccountDebited',
                               'com.payledger.events.account.AccountCredited')) batch),
            entries as (
                insert into bench_rebuild.account_entries (account_id, sequence, transfer_id,
                    counterparty_account_id, amount_minor, currency, balance_after_minor, description, posted_at)
                select m.account_id, m.sequence, m.transfer_id, m.counterparty_account_id, m.amount_minor,
                       m.currency, a.posted_minor + sum(m.amount_minor) over (partition by m.account_id
                           order by m.sequence), m.description, m.posted_at
                  from moves m join bench_rebuild.accounts a using (account_id)),
            transfers as (
                insert into bench_rebuild.transfers (transfer_id, debit_account_id, credit_account_id,
                    amount_minor, currency, description, metadata, posted_at)
                select transfer_id, account_id, counterparty_account_id, -amount_minor, currency, description,
                       coalesce(metadata, '{}'::jsonb), posted_at
                  from moves where debit
                on conflict (transfer_id) do nothing)
            update bench_rebuild.accounts a set posted_minor = a.posted_minor + s.total, last_sequence = s.last
              from (select account_id, sum(amount_minor) as total, max(sequence) as last from moves
                     group by account_id) s
             where a.account_id = s.account_id""";

    private final DataSource database;

    SetBasedRebuild(DataSource database) {
        this.database = database;
    }

    /** Empty tables shaped like the live read models, indexes included. */
    void prepare() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
            statement.execute("create schema " + SCHEMA);
            for (String table : TABLES) {
                statement.execute("create table " + SCHEMA + "." + table + " (like read_model." + table
                        + " including all)");
            }
        }
    }

    /** What one run read: its events, and the global index of the last one. */
    record Replayed(long events, long throughIndex) {
    }

    /**
     * Replays the log from its start, {@value #BATCH} events per transaction, until it has read at least
     * {@code atLeast} events (or the whole log): a prefix of a valid log is a valid log.
     */
    Replayed run(long atLeast) throws SQLException {
        long events = 0;
        try (Connection connection = database.getConnection();
             PreparedStatement open = connection.prepareStatement(OPEN_ACCOUNTS);
             PreparedStatement post = connection.prepareStatement(POST_MOVES)) {
            connection.setAutoCommit(false);
            long after = -1;
            while (true) {
                open.setLong(1, after);
                long through;
                long size;
                try (ResultSet range = open.executeQuery()) {
                    range.next();
                    through = range.getLong(1);
                    size = range.getLong(2);
                }
                if (size == 0) {
                    connection.commit();
                    return new Replayed(events, after);
                }
                post.setLong(1, after);
                post.setLong(2, through);
                post.executeUpdate();
                connection.commit();
                events += size;
                after = through;
                if (events >= atLeast) {
                    return new Replayed(events, after);
                }
            }
        }
    }
}
