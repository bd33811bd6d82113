package com.payledger.command.recurringpayment;

/** Where a schedule is in its life. CANCELLED and COMPLETED are final. */
public enum ScheduleStatus {
    ACTIVE, PAUSED, SUSPENDED, CANCELLED, COMPLETED
}
