package com.payledger.events.recurringpayment;

/** What a monthly or yearly payment does on a day the month lacks (the 31st, February 29th). Persisted. */
public enum ShortMonthPolicy {
    /** RFC 5545: the occurrence does not exist that month (a payment on the 31st skips February). */
    SKIP,
    /** Run on the month's last day instead, as card subscriptions do (RFC 7529 SKIP=BACKWARD). */
    CLAMP
}
