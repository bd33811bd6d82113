-- One row that a read of the verifiable log updates, in a transaction of its own with synchronous commit, when the
-- write-ahead log has not yet reached disk: that commit flushes everything committed before it, so the read never
-- shows a leaf that a crash could take back (the log appender commits without waiting for its flush: see
-- DurableReads). The row carries nothing anyone reads.
create table audit.read_fence (
    id         boolean     primary key default true check (id),
    fenced_at  timestamptz not null
);
insert into audit.read_fence (fenced_at) values (now());
