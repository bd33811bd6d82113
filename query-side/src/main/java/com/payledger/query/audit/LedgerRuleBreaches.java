package com.payledger.query.audit;

/**
 * The ledger's rules, checked on the log alone: what no command the service accepts can write, so that history
 * breaking them was written around it. Read models equal to a fold of the log prove only that they agree; a debit
 * stored behind the service's back, or decided on a forged snapshot, agrees with a rebuilt read model too, and the
 * audit hunt had such a ledger reported consistent with a STANDARD account 800,000,000 below its limit. Per breach:
 * <ul>
 *   <li>{@code RULE_DEBIT_BEYOND_LIMIT}: a debit of a STANDARD account left it below minus the overdraft limit in
 *       force (a limit lowered below a debt refuses later debits, so none may end there);</li>
 *   <li>{@code RULE_LEG_AFTER_CLOSE}: a debit or credit after the account's close;</li>
 *   <li>{@code RULE_LEG_WITHOUT_OPENING}: a leg on a stream that has no opening;</li>
 *   <li>{@code RULE_CURRENCY}: a leg in another currency than its account's;</li>
 *   <li>{@code RULE_UNMATCHED_LEG}: a transfer's debit without the credit that names the same accounts and amount,
 *       or the other way round (money created or lost on one side).</li>
 * </ul>
 * Runs over the temporary copy of the log ({@link ReadModelFold#copyOfTheLog}), never the read models.
 */
final class LedgerRuleBreaches {

    private LedgerRuleBreaches() {
    }

    /** Rows (kind, subject, detail), at most {@code limit}, in kind and subject order. */
    static String query(int limit) {
        return """
                with stream as (
                    select account_id, seq, type, p,
                           case type when 'AccountCredited' then 1 when 'AccountDebited' then -1 else 0 end
                               * coalesce((p -> 'amount' ->> 'amountMinor')::numeric, 0) as signed_amount,
                           case type
                               when 'AccountOpened' then coalesce((p ->> 'overdraftLimitMinor')::numeric,
                                                                  (p -> 'overdraftLimit' ->> 'amountMinor')::numeric, 0)
                               when 'AccountOverdraftLimitChanged' then (p ->> 'overdraftLimitMinor')::numeric
                           end as set_limit
                      from events),
                running as (
                    select *, sum(signed_amount) over w as balance_after, count(set_limit) over w as limit_group,
                           count(*) filter (where type = 'AccountClosed') over w as closed_before
                      from stream window w as (partition by account_id order by seq)),
                legs as (
                    select *, first_value(set_limit) over (partition by account_id, limit_group order by seq)
                               as limit_in_force
                      from running where type in ('AccountCredited', 'AccountDebited')
                       or set_limit is not null),
                opened as (
                    select account_id, p ->> 'type' as account_type,
                           coalesce(p ->> 'currency', p -> 'overdraftLimit' ->> 'currency') as currency
                      from events where type = 'AccountOpened'),
                debits as (
                    select p ->> 'transferId' as transfer_id, account_id as debit_account_id,
                           p ->> 'creditAccountId' as credit_account_id, p -> 'amount' as amount
                      from events where type = 'AccountDebited'),
                credits as (
                    select p ->> 'transferId' as transfer_id, p ->> 'debitAccountId' as debit_account_id,
                           account_id as credit_account_id, p -> 'amount' as amount
                      from events where type = 'AccountCredited')
                select * from (
                    select 'RULE_DEBIT_BEYOND_LIMIT' as kind, l.account_id || '#' || l.seq as subject,
                           'balance after ' || l.balance_after || ', overdraft limit ' || l.limit_in_force as detail
                      from legs l join opened o on o.account_id = l.account_id
                     where l.type = 'AccountDebited' and o.account_type = 'STANDARD'
                       and l.balance_after < -l.limit_in_force
                    union all
                    select 'RULE_LEG_AFTER_CLOSE', account_id || '#' || seq, type || ' after the close'
                      from legs where type in ('AccountCredited', 'AccountDebited') and closed_before > 0
                    union all
                    select 'RULE_LEG_WITHOUT_OPENING', l.account_id || '#' || l.seq, l.type || ' on no opened account'
                      from legs l left join opened o on o.account_id = l.account_id
                     where l.type in ('AccountCredited', 'AccountDebited') and o.account_id is null
                    union all
                    select 'RULE_CURRENCY', l.account_id || '#' || l.seq,
                           'a leg in ' || (l.p -> 'amount' ->> 'currency') || ' on an account in ' || o.currency
                      from legs l join opened o on o.account_id = l.account_id
                     where l.type in ('AccountCredited', 'AccountDebited')
                       and (l.p -> 'amount' ->> 'currency') is distinct from o.currency
                    union all
                    select 'RULE_UNMATCHED_LEG', coalesce(d.transfer_id, c.transfer_id),
                           'debit ' || coalesce(d.debit_account_id || ' -> ' || d.credit_account_id || ' '
                                                || d.amount::text, 'none')
                               || ', credit ' || coalesce(c.debit_account_id || ' -> ' || c.credit_account_id || ' '
                                                          || c.amount::text, 'none')
                      from debits d full join credits c on c.transfer_id = d.transfer_id
                     where d.transfer_id is null or c.transfer_id is null
                        or d.debit_account_id is distinct from c.debit_account_id
                        or d.credit_account_id is distinct from c.credit_account_id
                        or d.amount is distinct from c.amount) breaches
                 order by kind, subject limit %d""".formatted(limit);
    }
}
