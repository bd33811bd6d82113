package com.payledger.infra.benchmark;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A large, valid event log for the rebuild benchmark, made fast. The accounts and their funding go through the real
 * command path, so every event shape, revision and metadata is the service's own; the bulk of the log is then
 * inserted set-based as transfers between those accounts: AccountDebited/AccountCredited pairs in the exact JSON the
 * serializer writes, each stream's sequence numbers continuing without a gap, global indexes increasing, and every
 * balance staying far above zero, so the aggregates, the projections and the consistency check all accept it.
 */
final class RebuildLog {

    static final String EXTERNAL_ACCOUNT = "rebuild-bank";
    static final long FUNDING_MINOR = 1_000_000_000L;
    private static final String EVENTS = "com.payledger.events.account.";

    private RebuildLog() {
    }

    static String account(int index) {
        return "rebuild-" + index;
    }

    /** One EXTERNAL account and {@code accounts} funded STANDARD accounts, through the command gateway. */
    static void openAndFund(CommandGateway commands, int accounts) throws Exception {
        Currency eur = Currency.getInstance("EUR");
        commands.sendAndWait(ActingOwner.asLedger(new OpenAccount(new AccountId(EXTERNAL_ACCOUNT), "treasury", eur,
                AccountType.EXTERNAL, 0, null, Map.of())));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                String id = account(i);
                sent.add(threads.submit(() -> {
                    commands.sendAndWait(ActingOwner.asLedger(new OpenAccount(new AccountId(id), "owner-" + id, eur,
                            AccountType.STANDARD, 0, "Account " + id, Map.of("tier", "bench"))));
                    return commands.sendAndWait(ActingOwner.asLedger(new PostTransfer(new TransferId("fund-" + id),
                            new AccountId(EXTERNAL_ACCOUNT), new AccountId(id), Money.of(FUNDING_MINOR, "EUR"),
                            "funding", Map.of("batch", "seed"))));
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    /**
     * Appends {@code transfers} transfers of 1 to 100 cents between the {@code accounts} funded accounts, two events
     * each, in one set-based statement. Needs a role that may insert into the event table and move its sequence.
     */
    static void appendTransfers(JdbcTemplate jdbc, int accounts, long transfers) {
        if (transfers <= 0) {
            return;
        }
        byte[] metadata = jdbc.queryForObject("select metadata from event_store.domainevententry where payloadtype = ?"
                + " order by globalindex desc limit 1", byte[].class, EVENTS + "AccountDebited");
        String revision = jdbc.queryForObject("select payloadrevision from event_store.domainevententry "
                + "where payloadtype = ? limit 1", String.class, EVENTS + "AccountDebited");
        long head = jdbc.queryForObject("select coalesce(max(globalindex), 0) from event_store.domainevententry",
                Long.class);
        jdbc.update(BULK_TRANSFERS, head, metadata, revision, EVENTS + "AccountDebited", EVENTS + "AccountCredited",
                accounts, accounts, accounts - 1, accounts, transfers - 1);
        jdbc.queryForObject("select setval(pg_get_serial_sequence('event_store.domainevententry', 'globalindex'), "
                + "(select max(globalindex) from event_store.domainevententry))", Long.class);
    }

    /**
     * Transfer t moves 1 + t % 100 cents from account (t * 7919) % n to another account picked by a second stride.
     * Leg 0 (the debit) and leg 1 (the credit) get global indexes head + 2t + 1 and head + 2t + 2; each account's
     * legs are numbered on from its last sequence number in transfer order, so every stream stays contiguous.
     * The bulk continues one second after the newest seeded event, a millisecond per transfer. Parameters: head,
     * metadata, revision, debit type, credit type, n, n, n - 1, n, last t.
     */
    private static final String BULK_TRANSFERS = """
            insert into event_store.domainevententry (globalindex, aggregateidentifier, sequencenumber, type,
                eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)
            with settings as (
                select ?::bigint as head, ?::bytea as metadata, ?::varchar as revision, ?::varchar as debited,
                       ?::varchar as credited,
                       (select max(timestamp)::timestamptz + interval '1 second' from event_store.domainevententry)
                           as started),
            transfers as (
                select t, 'rebuild-' || ((t * 7919) % ?::int) as debit,
                       'rebuild-' || (((t * 7919) % ?::int) + 1 + (t * 104729) % ?::int) % ?::int as credit,
                       1 + t % 100 as amount_minor
                  from generate_series(0::bigint, ?::bigint) t),
            legs as (
                select t, leg, case leg when 0 then debit else credit end as account,
                       case leg when 0 then credit else debit end as counterparty, amount_minor
                  from transfers, (values (0), (1)) l(leg)),
            streams as (
                select aggregateidentifier as account, max(sequencenumber) as last_sequence
                  from event_store.domainevententry where aggregateidentifier like 'rebuild-%' group by 1),
            numbered as (
                select legs.*, streams.last_sequence + row_number() over (partition by legs.account order by t)
                           as sequence_number,
                       to_char((settings.started + t * interval '1 millisecond') at time zone 'UTC',
                               'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
                  from legs join streams using (account), settings)
            select settings.head + 2 * t + leg + 1, account, sequence_number, 'Account',
                   md5('rebuild-transfer-' || t || '-' || leg)::uuid::text, settings.metadata,
                   convert_to('{"accountId":"' || account || '","transferId":"bulk-' || t || '","'
                       || case leg when 0 then 'creditAccountId' else 'debitAccountId' end || '":"' || counterparty
                       || '","amount":{"amountMinor":' || amount_minor || ',"currency":"EUR"},"description":"bulk",'
                       || '"metadata":{"batch":"bulk"},"postedAt":"' || at || '"}', 'UTF8'),
                   settings.revision, case leg when 0 then settings.debited else settings.credited end, at
              from numbered, settings
             order by t, leg""";

    /** Copies the first {@code events} events of {@code from}'s log into {@code to}'s empty one: a prefix is valid. */
    static long copyPrefix(JdbcTemplate from, JdbcTemplate to, long events) {
        List<Object[]> rows = from.query("""
                select globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                       payloadrevision, payloadtype, timestamp
                  from event_store.domainevententry order by globalindex limit ?""", (row, number) -> new Object[] {
                    row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
                    row.getBytes(6), row.getBytes(7), row.getString(8), row.getString(9), row.getString(10)}, events);
        to.batchUpdate("""
                insert into event_store.domainevententry (globalindex, aggregateidentifier, sequencenumber, type,
                    eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        to.queryForObject("select setval(pg_get_serial_sequence('event_store.domainevententry', 'globalindex'), "
                + "(select max(globalindex) from event_store.domainevententry))", Long.class);
        return rows.size();
    }
}
