-- The verifiable log: every event of the event store is a leaf of an append-only Merkle tree (RFC 9162), in the
-- order a single-segment tracking processor delivered it. Hashes are computed after commit, off the write path.
create schema if not exists audit;

create table audit.merkle_leaves (
    leaf_index           bigint       primary key,
    -- event_store.domainevententry.globalIndex of the event; unique: an event is a leaf exactly once
    global_index         bigint       not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    leaf_hash            bytea        not null
);
create index merkle_leaves_by_stream on audit.merkle_leaves (aggregate_identifier, sequence_number);

-- The hash of every perfect, aligned subtree above the leaves: level L, index i covers leaves
-- [i * 2^L, (i + 1) * 2^L). Any root or proof needs O(log n) of them.
create table audit.merkle_nodes (
    level      int    not null,
    node_index bigint not null,
    hash       bytea  not null,
    primary key (level, node_index)
);

-- Signed tree heads: "the log had tree_size leaves with this root at this time", signed with Ed25519.
create table audit.checkpoints (
    tree_size  bigint      primary key,
    root_hash  bytea       not null,
    signed_at  timestamptz not null,
    signature  bytea       not null,
    key_id     varchar(64) not null,
    public_key bytea       not null
);

-- Balances at every 1000th event of each account stream, so a balance as of any instant folds at most 1000 events
-- from the event store. Derived from the event store only; rebuilt by replaying it.
create table audit.balance_checkpoints (
    account_id      varchar(64) not null,
    sequence_number bigint      not null,
    recorded_at     timestamptz not null,
    posted_minor    bigint      not null,
    primary key (account_id, sequence_number)
);
