-- A schedule shows its earliest occurrence awaiting a retry (pendingRetry): the occurrences whose last attempt failed
-- are few, so a partial index finds them without reading a long-running schedule's whole history of occurrences.
create index recurring_payment_occurrences_awaiting_retry
    on read_model.recurring_payment_occurrences (schedule_id, occurrence) where status = 'FAILED';
