-- Read models of recurring-payment schedules, owned by the schedule projection.
create table read_model.recurring_payment_schedules (
    schedule_id             varchar(64)  primary key,
    owner_id                varchar(128) not null,
    debit_account_id        varchar(64)  not null,
    credit_account_id       varchar(64)  not null,
    amount_minor            bigint       not null,
    currency                char(3)      not null,
    description             varchar(500),
    rrule                   varchar(200) not null,
    start_date              date         not null,
    time_of_day             time         not null,
    time_zone               varchar(64)  not null,
    short_month_policy      varchar(16)  not null,
    catch_up_policy         varchar(16)  not null,
    catch_up_window         varchar(32)  not null,
    retry_delays            varchar(400) not null,
    suspend_after_abandoned int          not null,
    status                  varchar(16)  not null,
    paused_until            date,
    next_occurrence         date,
    next_run_at             timestamptz,
    remaining_occurrences   int,
    last_outcome_date       date,
    last_outcome_status     varchar(16),
    last_outcome_reason     varchar(64),
    created_at              timestamptz  not null,
    last_sequence           bigint       not null
);
create index recurring_payment_schedules_by_owner on read_model.recurring_payment_schedules (owner_id, schedule_id);
create index recurring_payment_schedules_by_debit on read_model.recurring_payment_schedules (debit_account_id);
create index recurring_payment_schedules_by_credit on read_model.recurring_payment_schedules (credit_account_id);

create table read_model.recurring_payment_occurrences (
    schedule_id   varchar(64)  not null,
    occurrence    date         not null,
    status        varchar(16)  not null,
    attempts      int          not null,
    transfer_id   varchar(128),
    reason        varchar(64),
    run_at        timestamptz,
    next_retry_at timestamptz,
    updated_at    timestamptz  not null,
    primary key (schedule_id, occurrence)
);
