-- GET /api/v1/accounts lists one owner's accounts in id order, a page at a time: the index that found an owner's
-- accounts now also orders them, so a page reads its rows in order and stops, whatever the owner holds.
drop index read_model.accounts_by_owner;
create index accounts_by_owner on read_model.accounts (owner_id, account_id);
