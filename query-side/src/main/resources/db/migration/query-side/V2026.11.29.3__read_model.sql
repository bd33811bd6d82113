-- Read models, owned by the query side's projections. Each can be rebuilt from the event store.
create schema if not exists read_model;

create table read_model.accounts (
    account_id            varchar(64)  primary key,
    owner_id              varchar(128) not null,
    currency              char(3)      not null,
    type                  varchar(16)  not null,
    status                varchar(16)  not null,
    overdraft_limit_minor bigint       not null,
    name                  varchar(500),
    metadata              jsonb        not null,
    posted_minor          bigint       not null,
    pending_minor         bigint       not null default 0,
    opened_at             timestamptz  not null,
    -- the sequence number of the last event applied: makes redelivery and replay no-ops
    last_sequence         bigint       not null
);
create index accounts_by_owner on read_model.accounts (owner_id);

create table read_model.account_entries (
    account_id              varchar(64)  not null,
    sequence                bigint       not null,
    transfer_id             varchar(128)  not null,
    counterparty_account_id varchar(64)  not null,
    -- signed: negative for a debit, positive for a credit
    amount_minor            bigint       not null,
    currency                char(3)      not null,
    balance_after_minor     bigint       not null,
    description             varchar(500),
    posted_at               timestamptz  not null,
    primary key (account_id, sequence)
);
create index account_entries_by_time on read_model.account_entries (account_id, posted_at);

create table read_model.transfers (
    transfer_id       varchar(128)  primary key,
    debit_account_id  varchar(64)  not null,
    credit_account_id varchar(64)  not null,
    amount_minor      bigint       not null,
    currency          char(3)      not null,
    description       varchar(500),
    metadata          jsonb        not null,
    posted_at         timestamptz  not null
);
