-- Command-owned: every transfer id ever posted, claimed in the same transaction as the transfer's two legs.
-- The primary key is what makes a transfer id unique forever; the stored request answers identical retries.
create schema if not exists command_side;

create table command_side.transfer_requests (
    transfer_id       varchar(128)  primary key,
    debit_account_id  varchar(64)  not null,
    credit_account_id varchar(64)  not null,
    amount_minor      bigint       not null check (amount_minor > 0),
    currency          char(3)      not null,
    description       varchar(500),
    metadata          jsonb        not null,
    posted_at         timestamptz  not null
);
