package com.payledger.query.audit;

import java.util.List;

/**
 * The account, statement and transfer read models as a fold of the event store computes them, written in SQL apart
 * from the projections: a bug in a projection, a lost or altered row, or a row slipped in shows as a difference
 * instead of being reproduced. Each table is compared whole, column by column, with a full join on its key.
 *
 * <p>Stored payloads are read as written, in every revision: AccountOpened revision 1 kept the currency and the
 * overdraft limit in {@code overdraftLimit} ({@code AccountOpenedRevision1Upcaster}). Instants are stored as ISO-8601
 * text with at most microseconds, as the commands truncate them, so they compare exactly with the read models'
 * {@code timestamptz}.
 */
final class ReadModelFold {

    /** A read-model table: the rows the log says it must hold (a select over {@link #copyOfTheLog}), key, columns. */
    record Table(String name, String kind, String expected, List<String> key, List<String> columns) {

        /**
         * Per differing key (at most {@code limit}, in key order): the key as text, which side lacks the row, the
         * columns that differ, and both rows as JSON.
         */
        String differences(int limit) {
            String joined = String.join(" and ", key.stream().map(k -> "r." + k + " = x." + k).toList());
            String keyText = String.join(" || '#' || ", key.stream()
                    .map(k -> "coalesce(x." + k + ", r." + k + ")::text").toList());
            String differing = String.join(",\n", columns.stream()
                    .map(c -> "case when x." + c + " is distinct from r." + c + " then '" + c + "' end").toList());
            String anyDiffers = String.join(" or ", columns.stream()
                    .map(c -> "x." + c + " is distinct from r." + c).toList());
            return "(select '" + kind + "'::text as kind, " + keyText + " as row_key, x." + key.get(0)
                    + " is null as only_in_read_model, r." + key.get(0) + " is null as only_in_event_store,\n"
                    + "       array_remove(array[" + differing + "], null) as columns,\n"
                    + "       to_jsonb(x)::text as expected_row, to_jsonb(r)::text as read_model_row\n"
                    + "  from (" + expected + ") x full join " + name + " r on " + joined + "\n"
                    + " where x." + key.get(0) + " is null or r." + key.get(0) + " is null or " + anyDiffers + "\n"
                    + " order by 2 limit " + limit + ")";
        }
    }

    /**
     * Copies every account event of the log, its payload parsed, into the temporary table {@code events} that the
     * expected rows read, dropped at the commit. Parsing a million payloads is most of a check's work: done once here
     * instead of once per table, and before any read-model table is touched, so the comparisons that lock those
     * tables are short.
     */
    static String copyOfTheLog() {
        return "create temporary table events on commit drop as " + EVENTS;
    }

    /**
     * The differences of {@code table} (kind {@code ACCOUNT}, {@code ENTRY} or {@code TRANSFER}) against
     * {@link #copyOfTheLog}. For the accounts, also per currency a {@code SUM} row whose {@code expected_row} is the
     * sum of the log's balances and {@code read_model_row} the number of accounts.
     */
    static String differences(Table table, int limit) {
        if (table != ACCOUNTS) {
            return table.differences(limit);
        }
        return table.differences(limit) + "\nunion all\nselect 'SUM', currency, false, false, array[]::text[], "
                + "sum(posted_minor)::text, count(*)::text from (" + ACCOUNTS.expected() + ") accounts "
                + "group by currency";
    }

    private static final String EVENTS = """
            select aggregateidentifier as account_id, sequencenumber as seq,
                   substring(payloadtype from 'com\\.payledger\\.events\\.account\\.(.*)') as type,
                   convert_from(payload, 'UTF8')::jsonb as p, timestamp as recorded
              from event_store.domainevententry
             where payloadtype like 'com.payledger.events.account.%'""";

    static final Table ACCOUNTS = new Table("read_model.accounts", "ACCOUNT", """
            select o.account_id, o.p ->> 'ownerId' as owner_id,
                   coalesce(o.p ->> 'currency', o.p -> 'overdraftLimit' ->> 'currency') as currency,
                   o.p ->> 'type' as type, case when f.closed then 'CLOSED' else 'OPEN' end as status,
                   case when o.p ->> 'type' = 'EXTERNAL' then 0
                        else coalesce(f.changed_limit, (o.p ->> 'overdraftLimitMinor')::numeric,
                                      (o.p -> 'overdraftLimit' ->> 'amountMinor')::numeric) end
                       as overdraft_limit_minor,
                   o.p ->> 'name' as name, %s as metadata,
                   f.posted_minor, 0 as pending_minor, (o.p ->> 'openedAt')::timestamptz as opened_at,
                   f.last_sequence
              from events o join (
                       select account_id, max(seq) as last_sequence, bool_or(type = 'AccountClosed') as closed,
                              coalesce(sum(case type when 'AccountCredited' then 1 when 'AccountDebited' then -1
                                                     else 0 end
                                           * coalesce((p -> 'amount' ->> 'amountMinor')::numeric, 0)), 0)
                                  as posted_minor,
                              (array_agg((p ->> 'overdraftLimitMinor')::numeric order by seq desc)
                                   filter (where type = 'AccountOverdraftLimitChanged'))[1] as changed_limit
                         from events group by account_id) f on f.account_id = o.account_id
             where o.type = 'AccountOpened'""".formatted(metadata("o.p")),
            List.of("account_id"), List.of("owner_id", "currency", "type", "status", "overdraft_limit_minor", "name",
                    "metadata", "posted_minor", "pending_minor", "opened_at", "last_sequence"));

    /** Every leg is an entry; its balance after is the running sum of the account's legs in stream order. */
    static final Table ENTRIES = new Table("read_model.account_entries", "ENTRY", """
            select account_id, seq as sequence, p ->> 'transferId' as transfer_id,
                   case type when 'AccountCredited' then p ->> 'debitAccountId' else p ->> 'creditAccountId' end
                       as counterparty_account_id,
                   amount_minor, p -> 'amount' ->> 'currency' as currency,
                   sum(amount_minor) over (partition by account_id order by seq) as balance_after_minor,
                   p ->> 'description' as description, (p ->> 'postedAt')::timestamptz as posted_at
              from (select account_id, seq, type, p,
                           case type when 'AccountCredited' then 1 else -1 end
                               * (p -> 'amount' ->> 'amountMinor')::numeric as amount_minor
                      from events where type in ('AccountCredited', 'AccountDebited')) legs""",
            List.of("account_id", "sequence"), List.of("transfer_id", "counterparty_account_id", "amount_minor",
                    "currency", "balance_after_minor", "description", "posted_at"));

    /** Every transfer is its debit leg's. */
    static final Table TRANSFERS = new Table("read_model.transfers", "TRANSFER", """
            select p ->> 'transferId' as transfer_id, account_id as debit_account_id,
                   p ->> 'creditAccountId' as credit_account_id,
                   (p -> 'amount' ->> 'amountMinor')::numeric as amount_minor,
                   p -> 'amount' ->> 'currency' as currency, p ->> 'description' as description,
                   %s as metadata, (p ->> 'postedAt')::timestamptz as posted_at
              from events where type = 'AccountDebited'""".formatted(metadata("p")),
            List.of("transfer_id"), List.of("debit_account_id", "credit_account_id", "amount_minor", "currency",
                    "description", "metadata", "posted_at"));

    /**
     * The balance checkpoints ({@code audit.balance_checkpoints}) a balance as of an instant would start from wrongly,
     * at most {@code limit}, in key order: one whose account and sequence the log does not have, one whose balance is
     * not the sum of the stream's legs through its sequence, and one recorded before a time stated by an event it
     * covers, which a fold as of an instant between the two would count although it comes after that instant. Per
     * row: the key, whether the log lacks it, the checkpoint's balance and time, and the log's.
     *
     * <p>Only stored rows are compared: a missing checkpoint costs a longer fold, never a wrong balance. The time is
     * checked against what a fold needs rather than against the value the log processor stores now, which older
     * versions computed otherwise. An event states its time as the fold reads it ({@code BalanceHistory}): a leg's
     * {@code postedAt}, an opening's {@code openedAt}, a closing's {@code closedAt}, a limit change's
     * {@code changedAt}, else its stored timestamp.
     */
    static String balanceCheckpointDifferences(int limit) {
        return """
                select c.account_id || '#' || c.sequence_number as row_key, f.account_id is null as unknown,
                       c.posted_minor as checkpoint_posted_minor, f.posted_minor, c.recorded_at, f.latest_stated_at
                  from audit.balance_checkpoints c
                  left join (select account_id, seq, sum(amount_minor) over stream as posted_minor,
                                    max(stated_at) over stream as latest_stated_at
                               from (select account_id, seq,
                                            case type when 'AccountCredited' then 1 when 'AccountDebited' then -1
                                                      else 0 end
                                                * coalesce((p -> 'amount' ->> 'amountMinor')::numeric, 0)
                                                as amount_minor,
                                            coalesce(case type when 'AccountOpened' then p ->> 'openedAt'
                                                               when 'AccountClosed' then p ->> 'closedAt'
                                                               when 'AccountOverdraftLimitChanged'
                                                                   then p ->> 'changedAt'
                                                               when 'AccountCredited' then p ->> 'postedAt'
                                                               when 'AccountDebited' then p ->> 'postedAt' end,
                                                     recorded)::timestamptz as stated_at
                                       from events) stated
                             window stream as (partition by account_id order by seq)) f
                    on f.account_id = c.account_id and f.seq = c.sequence_number
                 where f.account_id is null or f.posted_minor <> c.posted_minor or c.recorded_at < f.latest_stated_at
                 order by 1 limit %d""".formatted(limit);
    }

    private ReadModelFold() {
    }

    /** The events keep an absent map as {@code {}}; the read models store what they were given, so the same. */
    private static String metadata(String payload) {
        return "case when jsonb_typeof(" + payload + " -> 'metadata') = 'object' then " + payload
                + " -> 'metadata' else '{}'::jsonb end";
    }
}
