package com.payledger.events.recurringpayment;

/** What happens to occurrences whose run time passed while the ledger was down. Persisted. */
public enum CatchUpPolicy {
    /** Pay every missed occurrence within the catch-up window; older ones are recorded as missed. */
    RUN_ALL,
    /** Pay only the most recent missed occurrence; the others are recorded as missed. */
    RUN_LATEST,
    /** Pay none of them; all are recorded as missed. */
    SKIP
}
