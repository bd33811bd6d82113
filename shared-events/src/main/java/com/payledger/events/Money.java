package com.payledger.events;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount in a currency's minor unit (EUR cents, JPY yen). Part of the persisted event schema.
 * Arithmetic is exact: an overflow throws {@link ArithmeticException} instead of wrapping.
 */
public record Money(long amountMinor, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(long amountMinor, String currencyCode) {
        return new Money(amountMinor, Currency.getInstance(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(amountMinor, minorOf(other)), currency);
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(amountMinor, minorOf(other)), currency);
    }

    /** -1, 0 or 1 as the amount is negative, zero or positive. Not a getter, so it never enters the payload. */
    public int signum() {
        return Long.signum(amountMinor);
    }

    private long minorOf(Money other) {
        // Adding euros to yen is a programming error, never a business outcome.
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
        return other.amountMinor;
    }

    @Override
    public String toString() {
        return amountMinor + " " + currency.getCurrencyCode() + " (minor units)";
    }
}
