package com.payledger.command.rejection;

/**
 * The business rules a command can break, named after the rule (TigerBeetle style). A rejected command records
 * nothing. The constant's name is the stable {@code code} clients see, so never rename one.
 *
 * <p>Transfers check them in the order listed: request rules first, then idempotency, then state.
 */
public enum Rejection {
    AMOUNT_MUST_BE_POSITIVE,
    AMOUNT_TOO_LARGE,
    SAME_ACCOUNT,
    ID_REUSED_WITH_DIFFERENT_PAYLOAD,
    ACCOUNT_NOT_FOUND,
    ACCOUNT_CLOSED,
    CURRENCY_MISMATCH,
    EXCEEDS_AVAILABLE_BALANCE,
    BALANCE_WOULD_OVERFLOW,
    BALANCE_MUST_BE_ZERO,
    SCHEDULE_NOT_FOUND,
    SCHEDULE_CANCELLED,
    SCHEDULE_COMPLETED,
    SCHEDULE_SUSPENDED,
    NO_FUTURE_OCCURRENCE,
    /**
     * A skip named an occurrence that is not the schedule's next one any more (paid, passed over, or later than the
     * next): skipping the next one instead would skip an occurrence the caller never saw.
     */
    OCCURRENCE_NOT_NEXT,
    PAUSE_END_MUST_BE_IN_THE_FUTURE,
    /** The owner already has as many running schedules as allowed (PAYLEDGER_MAX_SCHEDULES_PER_OWNER). */
    SCHEDULE_LIMIT_REACHED,
    /** An API client may open accounts and schedules only for its own owner id. */
    FOREIGN_OWNER,
    /**
     * Only the operator (an ADMIN key) opens EXTERNAL accounts: such an account has no lower limit, so whoever owns
     * one can move money into the ledger that nothing backs.
     */
    EXTERNAL_ACCOUNT_NEEDS_OPERATOR,
    /**
     * Only the operator opens an account with an overdraft limit: an overdraft is credit, money its owner may spend
     * and pay to others before having it.
     */
    OVERDRAFT_NEEDS_OPERATOR,
    /** An EXTERNAL account has no lower bound, so no overdraft limit to change. */
    NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT,
    /** The resource is at none of the versions the request's {@code If-Match} named; nothing was changed. */
    PRECONDITION_FAILED;

    /** Throws {@link LedgerRejected} with {@code ifBroken} unless the rule holds. */
    public static void require(boolean ruleHolds, Rejection ifBroken) {
        if (!ruleHolds) {
            throw new LedgerRejected(ifBroken);
        }
    }
}
