-- A claim may be changed once, by the transaction that made it, and only to settle the transfer's time later: the
-- time is taken before the accounts' locks, and an entry recorded meanwhile may state a later one. After that
-- transaction commits the claim is fixed, as before: it answers identical retries with what was posted.
create function command_side.settle_claim_only() returns trigger
    language plpgsql as
$$
begin
    -- A row inserted by this transaction carries its id as xmin (no savepoints are used around a claim).
    if not exists (select from command_side.transfer_requests t
                    where t.transfer_id = old.transfer_id and t.xmin = pg_current_xact_id()::xid) then
        raise exception 'command_side.transfer_requests: a claim is fixed once its transaction committed';
    end if;
    if (new.transfer_id, new.debit_account_id, new.credit_account_id, new.amount_minor, new.currency,
        new.description, new.metadata)
        is distinct from (old.transfer_id, old.debit_account_id, old.credit_account_id, old.amount_minor,
                          old.currency, old.description, old.metadata)
       or new.posted_at < old.posted_at then
        raise exception 'command_side.transfer_requests: only a later posted_at may be settled';
    end if;
    return new;
end
$$;

create trigger transfer_requests_settle_claim_only
    before update on command_side.transfer_requests
    for each row execute function command_side.settle_claim_only();

