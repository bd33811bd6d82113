package com.payledger.infra.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger-wide facts that must hold after any test, checked against both the read models and an independent
 * fold of the event store's own rows.
 */
public final class LedgerInvariants {

    private LedgerInvariants() {
    }

    /** Per currency, all balances sum to zero: money is only ever moved, never created or destroyed. */
    public static void assertBalancesSumToZeroPerCurrency(JdbcTemplate jdbc) {
        List<Map<String, Object>> readModel = jdbc.queryForList("""
                select currency, sum(posted_minor) as total from read_model.accounts
                 group by currency having sum(posted_minor) <> 0""");
        assertThat(readModel).as("currencies whose read-model balances do not sum to zero").isEmpty();
        List<Map<String, Object>> eventStore = jdbc.queryForList("""
                select payload::json -> 'amount' ->> 'currency' as currency,
                       sum(case when payloadtype like '%AccountCredited' then 1 else -1 end
                           * (payload::json -> 'amount' ->> 'amountMinor')::numeric) as total
                  from (select payloadtype, convert_from(payload, 'UTF8') as payload
                          from event_store.domainevententry
                         where payloadtype like '%AccountCredited' or payloadtype like '%AccountDebited') legs
                 group by 1 having sum(case when payloadtype like '%AccountCredited' then 1 else -1 end
                           * (payload::json -> 'amount' ->> 'amountMinor')::numeric) <> 0""");
        assertThat(eventStore).as("currencies whose legs in the event store do not sum to zero").isEmpty();
    }

    /** The balance of {@code accountId} folded from its stream in the event store, independent of any read model. */
    public static long foldedBalance(JdbcTemplate jdbc, String accountId) {
        Long balance = jdbc.queryForObject("""
                select coalesce(sum(case when payloadtype like '%AccountCredited' then 1 else -1 end
                       * (convert_from(payload, 'UTF8')::json -> 'amount' ->> 'amountMinor')::bigint), 0)
                  from event_store.domainevententry
                 where aggregateidentifier = ?
                   and (payloadtype like '%AccountCredited' or payloadtype like '%AccountDebited')""",
                Long.class, accountId);
        return balance == null ? 0 : balance;
    }
}
