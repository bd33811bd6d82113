-- Least privilege for the role the service connects as (${runtimeRole}, spring.datasource.username), granted by the
-- migration role after every migrate, also when nothing was pending: a new database, an upgrade and a database from
-- before the two roles all end with exactly these privileges. Nothing to do when both are one role. The append-only
-- triggers on the event table stay as the second line, for anyone who owns it.
do $$
declare
    runtime constant text := '${runtimeRole}';
    live record;
begin
    if runtime = '' or runtime = current_user then
        return;
    end if;
    if (select rolsuper from pg_roles where rolname = runtime) then
        raise exception 'the runtime role % is a superuser: no privilege can restrict it', runtime;
    end if;
    if exists (select from pg_tables where tableowner = runtime
                  and schemaname in ('event_store', 'command_side', 'scheduler', 'audit', 'security')) then
        raise exception 'the runtime role % owns tables outside read_model: an owner ignores privileges', runtime
            using hint = format('as an administrator: reassign owned by %I to %I; then start again',
                                runtime, current_user);
    end if;
    -- Concurrent GRANTs on one object fail ("tuple concurrently updated"): instances starting together take turns.
    perform pg_advisory_xact_lock(hashtext('payledger: runtime role privileges'));

    -- CREATE on the database: a projection rebuild replays into a schema of its own (read_model_rebuild_<pid>_<random>).
    execute format('grant connect, create on database %I to %I', current_database(), runtime);
    execute format('grant usage on schema event_store, command_side, scheduler, audit, read_model, security to %I',
                   runtime);

    -- History: read and append, never change. Tokens are Axon's bookkeeping, rewritten by design. A snapshot is
    -- stored once and deleted when a newer one replaces it, never changed in place.
    execute format('revoke all on all tables in schema event_store from %I', runtime);
    execute format('revoke all on all sequences in schema event_store from %I', runtime);
    execute format('grant select, insert on event_store.domainevententry to %I', runtime);
    execute format('grant usage on sequence %s to %I',
                   pg_get_serial_sequence('event_store.domainevententry', 'globalindex'), runtime);
    execute format('grant select, insert, update, delete on event_store.tokenentry to %I', runtime);
    execute format('grant select, insert, delete on event_store.snapshotevententry to %I', runtime);

    -- Transfer claims and the verifiable log (leaves, nodes, checkpoints, balance checkpoints): insert-only.
    execute format('revoke all on all tables in schema command_side, audit from %I', runtime);
    execute format('grant select, insert on all tables in schema command_side, audit to %I', runtime);
    -- The exceptions: a read of the log forces a flush by updating this row (see DurableReads), and the transaction
    -- that claims a transfer id may settle its time later, which a trigger allows that transaction only.
    execute format('grant update on audit.read_fence to %I', runtime);
    execute format('grant update (posted_at) on command_side.transfer_requests to %I', runtime);
    -- A schedule's end is recorded on its row of the owners' running schedules (ScheduleQuota).
    execute format('grant update (ended_at) on command_side.owner_schedules to %I', runtime);

    -- Deadlines: db-scheduler picks, reschedules and removes its own rows.
    execute format('revoke all on all tables in schema scheduler from %I', runtime);
    execute format('grant select, insert, update, delete on all tables in schema scheduler to %I', runtime);

    -- API keys: issued and revoked (revoked_at set), never deleted, so who could do what stays on record.
    execute format('revoke all on all tables in schema security from %I', runtime);
    execute format('grant select, insert on security.api_keys to %I', runtime);
    execute format('grant update (revoked_at, revoked_by) on security.api_keys to %I', runtime);

    -- Read models belong to the service: a rebuild moves the live tables aside, moves its shadow tables in and drops
    -- the old ones, which only their owner may do. Changing the owner needs membership in the runtime role (or a
    -- superuser).
    execute format('grant create on schema read_model to %I', runtime);
    for live in select tablename from pg_tables where schemaname = 'read_model' and tableowner <> runtime loop
        execute format('alter table read_model.%I owner to %I', live.tablename, runtime);
    end loop;
end
$$;
