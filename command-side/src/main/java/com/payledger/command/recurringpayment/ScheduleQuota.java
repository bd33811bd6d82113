package com.payledger.command.recurringpayment;

/**
 * At most {@code PAYLEDGER_MAX_SCHEDULES_PER_OWNER} running schedules (neither completed nor cancelled) per owner.
 * Every running schedule costs the automation work at each occurrence and every forecast of the accounts it touches,
 * and the accounts it pays into need not be its owner's: without a bound, one client's loop creating schedules would
 * slow everyone's.
 */
public interface ScheduleQuota {

    /** Subscribing: no token, so the name is free to change; it runs in the transaction that ends a schedule. */
    String PROCESSING_GROUP = "command-owner-schedules";
    int PER_OWNER_DEFAULT = 10_000;

    /**
     * Records {@code scheduleId} as one of {@code ownerId}'s running schedules, in the current transaction.
     *
     * @throws com.payledger.command.rejection.LedgerRejected SCHEDULE_LIMIT_REACHED when the owner already has as
     *         many running schedules as allowed; the same id counts once, so a racing duplicate of this creation
     *         still ends as a retry
     */
    void admit(String ownerId, ScheduleId scheduleId);
}
