package com.payledger.command.transfer;

import static com.payledger.command.rejection.Rejection.ACCOUNT_CLOSED;
import static com.payledger.command.rejection.Rejection.AMOUNT_MUST_BE_POSITIVE;
import static com.payledger.command.rejection.Rejection.AMOUNT_TOO_LARGE;
import static com.payledger.command.rejection.Rejection.BALANCE_WOULD_OVERFLOW;
import static com.payledger.command.rejection.Rejection.CURRENCY_MISMATCH;
import static com.payledger.command.rejection.Rejection.EXCEEDS_AVAILABLE_BALANCE;
import static com.payledger.command.rejection.Rejection.SAME_ACCOUNT;
import static com.payledger.command.rejection.Rejection.require;

import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;

/**
 * The rules of a transfer, as pure functions, in the precedence order of {@code Rejection}. They are checked for
 * both accounts before either leg is recorded, so the answer does not depend on which account sorts first.
 */
public final class TransferRules {

    /** The largest amount one transfer may move: 10^15 minor units (10 trillion EUR), far below overflow. */
    public static final long AMOUNT_MINOR_MAX = 1_000_000_000_000_000L;

    private TransferRules() {
    }

    /** Rules that need no state: checked before the idempotency key is looked at. */
    static void checkRequest(PostTransfer command) {
        checkRequest(command.amount(), command.debitAccountId(), command.creditAccountId());
    }

    /** The stateless rules of moving {@code amount} between two accounts; schedules check them up front too. */
    public static void checkRequest(Money amount, AccountId debitAccountId, AccountId creditAccountId) {
        require(amount.amountMinor() > 0, AMOUNT_MUST_BE_POSITIVE);
        require(amount.amountMinor() <= AMOUNT_MINOR_MAX, AMOUNT_TOO_LARGE);
        require(!debitAccountId.equals(creditAccountId), SAME_ACCOUNT);
    }

    /** Both accounts can take part in a movement of {@code amount}: open, and in its currency. */
    public static void checkParties(Money amount, AccountState debit, AccountState credit) {
        require(debit.open() && credit.open(), ACCOUNT_CLOSED);
        require(debit.balance().currency().equals(amount.currency())
                && credit.balance().currency().equals(amount.currency()), CURRENCY_MISMATCH);
    }

    /** Rules on the two accounts' state, debit side before credit side within each rule. */
    static void checkAccounts(PostTransfer command, AccountState debit, AccountState credit) {
        checkParties(command.amount(), debit, credit);
        long amount = command.amount().amountMinor();
        // Past an EXTERNAL account's floor (Long.MIN_VALUE) the balance would wrap: that is an overflow, not funds.
        require(amount <= headroomMinor(debit) || debit.type() == AccountType.EXTERNAL, EXCEEDS_AVAILABLE_BALANCE);
        require(amount <= headroomMinor(debit), BALANCE_WOULD_OVERFLOW);
        require(credit.balance().amountMinor() <= Long.MAX_VALUE - amount, BALANCE_WOULD_OVERFLOW);
    }

    /** How much the account may still be debited before it reaches its floor. */
    static long headroomMinor(AccountState account) {
        long balance = account.balance().amountMinor();
        long floor = account.floorMinor();
        if (balance <= floor) {
            // Below its floor once the operator lowered the limit under what the account owes: no headroom at all
            // (read as a wrapped difference, that balance was allowed any debit).
            return 0;
        }
        long headroom = balance - floor;
        // Above the floor the difference can only wrap upwards (an EXTERNAL account's floor is Long.MIN_VALUE): the
        // true headroom then exceeds any long amount.
        return headroom < 0 ? Long.MAX_VALUE : headroom;
    }
}
