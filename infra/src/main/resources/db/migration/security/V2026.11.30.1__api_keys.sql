-- API keys: only a SHA-256 hash of each key is kept. Keys are 256-bit random strings, so a fast hash is enough:
-- nobody can brute-force the preimage, and authenticating a request costs one indexed lookup.
create schema if not exists security;

create table security.api_keys (
    id          varchar(36)  not null primary key,
    secret_hash bytea        not null unique,
    -- the key's first characters, so an operator can tell keys apart in listings and logs
    prefix      varchar(16)  not null,
    role        varchar(16)  not null check (role in ('CLIENT', 'AUDITOR', 'ADMIN')),
    owner_id    varchar(128),
    name        varchar(200),
    created_at  timestamptz  not null,
    created_by  varchar(200) not null,
    revoked_at  timestamptz,
    revoked_by  varchar(200),
    -- a client acts for exactly one owner; auditors and admins for none
    check ((role = 'CLIENT') = (owner_id is not null))
);
