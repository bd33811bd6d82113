-- The latest rebuild of each projection, written by the instance that runs it, so that every instance behind a
-- balancer answers about it, also after a restart. runner_pid is the database session that holds the cluster's
-- rebuild lock (see ClusterRebuildLock): a RUNNING row whose session no longer holds it belongs to an instance that
-- stopped before it could record how the rebuild ended.
create table read_model.projection_rebuilds (
    projection          text        primary key,
    state               text        not null check (state in ('RUNNING', 'DONE', 'FAILED')),
    replayed            bigint      not null check (replayed >= 0),
    total               bigint      not null check (total >= 0),
    rows_that_differed  bigint,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    error               text,
    runner_pid          integer     not null
);
