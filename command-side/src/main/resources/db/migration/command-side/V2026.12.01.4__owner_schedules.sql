-- The schedules each owner has running (not completed, not cancelled), so that a new one past
-- PAYLEDGER_MAX_SCHEDULES_PER_OWNER is refused (ScheduleQuota): every running schedule costs the automation work at
-- each occurrence and every forecast of the accounts it touches. A row is added in the transaction that creates the
-- schedule and marked ended in the one that completes or cancels it; rows are never deleted.
create table command_side.owner_schedules (
    schedule_id text        primary key,
    owner_id    text        not null,
    ended_at    timestamptz
);
create index owner_schedules_running on command_side.owner_schedules (owner_id) where ended_at is null;

-- The schedules created before this table, from the event store: each one's creation, and its end if it had one.
insert into command_side.owner_schedules (schedule_id, owner_id, ended_at)
select created.payload ->> 'scheduleId', created.payload ->> 'ownerId',
       (select min(ended.timestamp::timestamptz) from event_store.domainevententry ended
         where ended.aggregateidentifier = created.aggregateidentifier
           and ended.payloadtype in ('com.payledger.events.recurringpayment.RecurringPaymentCompleted',
                                     'com.payledger.events.recurringpayment.RecurringPaymentCancelled'))
  from (select aggregateidentifier, convert_from(payload, 'UTF8')::jsonb as payload
          from event_store.domainevententry
         where payloadtype = 'com.payledger.events.recurringpayment.RecurringPaymentScheduled') created
on conflict (schedule_id) do nothing;
