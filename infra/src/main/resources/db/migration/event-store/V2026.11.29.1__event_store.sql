-- Axon's JDBC storage engine tables, in the shape its PostgreSQL table factories create (unquoted camelCase
-- names fold to lower case), in their own schema.
create schema if not exists event_store;

create table event_store.domainevententry (
    globalIndex         bigserial    not null,
    aggregateIdentifier varchar(255) not null,
    sequenceNumber      bigint       not null,
    type                varchar(255),
    eventIdentifier     varchar(255) not null,
    metaData            bytea,
    payload             bytea        not null,
    payloadRevision     varchar(255),
    payloadType         varchar(255) not null,
    timeStamp           varchar(255) not null,
    primary key (globalIndex),
    -- two writers appending the same stream position collide here: the optimistic concurrency check
    unique (aggregateIdentifier, sequenceNumber),
    unique (eventIdentifier)
);

create table event_store.snapshotevententry (
    aggregateIdentifier varchar(255) not null,
    sequenceNumber      bigint       not null,
    type                varchar(255) not null,
    eventIdentifier     varchar(255) not null,
    metaData            bytea,
    payload             bytea        not null,
    payloadRevision     varchar(255),
    payloadType         varchar(255) not null,
    timeStamp           varchar(255) not null,
    primary key (aggregateIdentifier, sequenceNumber),
    unique (eventIdentifier)
);

create table event_store.tokenentry (
    processorName varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokenType     varchar(255),
    timeStamp     varchar(255),
    owner         varchar(255),
    primary key (processorName, segment)
);

-- History is never edited: a correction is a new event. Refuse UPDATE, DELETE and TRUNCATE on the event table at
-- the database level, so neither a bug nor a careless operator can rewrite it through SQL.
create function event_store.refuse_history_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'event_store.domainevententry is append-only: % is not allowed', tg_op
        using errcode = 'P0001', hint = 'correct history with a new event';
end;
$$;

create trigger domainevententry_append_only
    before update or delete on event_store.domainevententry
    for each row execute function event_store.refuse_history_change();

create trigger domainevententry_no_truncate
    before truncate on event_store.domainevententry
    for each statement execute function event_store.refuse_history_change();
