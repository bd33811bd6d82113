package com.payledger.command.transfer;

import static com.payledger.command.rejection.Rejection.ACCOUNT_CLOSED;
import static com.payledger.command.rejection.Rejection.AMOUNT_MUST_BE_POSITIVE;
import static com.payledger.command.rejection.Rejection.AMOUNT_TOO_LARGE;
import static com.payledger.command.rejection.Rejection.BALANCE_WOULD_OVERFLOW;
import static com.payledger.command.rejection.Rejection.CURRENCY_MISMATCH;
import static com.payledger.command.rejection.Rejection.EXCEEDS_AVAILABLE_BALANCE;
import static com.payledger.command.rejection.Rejection.SAME_ACCOUNT;
import static com.payledger.command.transfer.TransferRules.AMOUNT_MINOR_MAX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure transfer rules on hand-built account states, so balances at the very ends of {@code long} can be tested
 * without posting thousands of transfers. Boundaries: 0, 1, the largest amount, and overflow on both sides.
 */
class TransferRulesTest {

    private static final long MIN = Long.MIN_VALUE;
    private static final long MAX = Long.MAX_VALUE;

    @Nested
    class CheckRequest {

        @ParameterizedTest(name = "amount {0}")
        @ValueSource(longs = {MIN, -AMOUNT_MINOR_MAX, -1, 0})
        void givenAmountNotPositive_whenChecked_thenRejectedAmountMustBePositive(long amountMinor) {
            assertThat(requestRejection(command("a", "b", amountMinor))).isEqualTo(AMOUNT_MUST_BE_POSITIVE);
        }

        @ParameterizedTest(name = "amount {0}")
        @ValueSource(longs = {1, 2, AMOUNT_MINOR_MAX - 1, AMOUNT_MINOR_MAX})
        void givenAmountFrom1ToMax_whenChecked_thenAccepted(long amountMinor) {
            assertThatCode(() -> TransferRules.checkRequest(command("a", "b", amountMinor))).doesNotThrowAnyException();
        }

        @ParameterizedTest(name = "amount {0}")
        @ValueSource(longs = {AMOUNT_MINOR_MAX + 1, MAX})
        void givenAmountAboveMax_whenChecked_thenRejectedAmountTooLarge(long amountMinor) {
            assertThat(requestRejection(command("a", "b", amountMinor))).isEqualTo(AMOUNT_TOO_LARGE);
        }

        @Test
        void givenSameAccount_whenChecked_thenRejectedSameAccount() {
            assertThat(requestRejection(command("a", "a", 1))).isEqualTo(SAME_ACCOUNT);
        }

        @Test
        void givenAmountZeroAndSameAccount_whenChecked_thenRejectedAmountMustBePositive() {
            assertThat(requestRejection(command("a", "a", 0))).isEqualTo(AMOUNT_MUST_BE_POSITIVE);
        }

        @Test
        void givenAmountAboveMaxAndSameAccount_whenChecked_thenRejectedAmountTooLarge() {
            assertThat(requestRejection(command("a", "a", AMOUNT_MINOR_MAX + 1))).isEqualTo(AMOUNT_TOO_LARGE);
        }

        @Test
        void givenMaxIsTheDocumentedTenToThe15_whenRead_thenItLeaves9223MaxTransfersBeforeOverflow() {
            assertThat(AMOUNT_MINOR_MAX).isEqualTo(1_000_000_000_000_000L);
            assertThat(MAX / AMOUNT_MINOR_MAX).isEqualTo(9_223);
        }
    }

    @Nested
    class ClosedAccount {

        @Test
        void givenClosedDebit_whenChecked_thenRejectedAccountClosed() {
            assertThat(accountsRejection(1, standard(100, 0).closed(), standard(0, 0))).isEqualTo(ACCOUNT_CLOSED);
        }

        @Test
        void givenClosedCredit_whenChecked_thenRejectedAccountClosed() {
            assertThat(accountsRejection(1, standard(100, 0), standard(0, 0).closed())).isEqualTo(ACCOUNT_CLOSED);
        }

        @Test
        void givenClosedDebitAndCurrencyMismatchAndNoFunds_whenChecked_thenRejectedAccountClosed() {
            AccountSpec debit = standard(0, 0).closed().in("JPY");

            assertThat(accountsRejection(1, debit, standard(MAX, 0))).isEqualTo(ACCOUNT_CLOSED);
        }
    }

    @Nested
    class CurrencyMismatch {

        @Test
        void givenDebitInOtherCurrency_whenChecked_thenRejectedCurrencyMismatch() {
            assertThat(accountsRejection(1, standard(100, 0).in("JPY"), standard(0, 0)))
                    .isEqualTo(CURRENCY_MISMATCH);
        }

        @Test
        void givenCreditInOtherCurrency_whenChecked_thenRejectedCurrencyMismatch() {
            assertThat(accountsRejection(1, standard(100, 0), standard(0, 0).in("JPY")))
                    .isEqualTo(CURRENCY_MISMATCH);
        }

        @Test
        void givenCurrencyMismatchAndNoFundsAndCreditOverflow_whenChecked_thenRejectedCurrencyMismatch() {
            assertThat(accountsRejection(1, standard(0, 0), standard(MAX, 0).in("JPY")))
                    .isEqualTo(CURRENCY_MISMATCH);
        }
    }

    @Nested
    class ExceedsAvailableBalance {

        @ParameterizedTest(name = "balance {0}, overdraft {1}, amount {2}")
        @CsvSource({
                "0, 0, 1",
                "100, 0, 101",
                "0, 50, 51",
                "100, 50, 151",
                "-50, 50, 1",
                "0, 999999999999999, 1000000000000000",
        })
        void givenStandardDebitWithoutEnoughHeadroom_whenChecked_thenRejectedExceedsAvailableBalance(
                long balanceMinor, long overdraftLimitMinor, long amountMinor) {
            assertThat(accountsRejection(amountMinor, standard(balanceMinor, overdraftLimitMinor), standard(0, 0)))
                    .isEqualTo(EXCEEDS_AVAILABLE_BALANCE);
        }

        @ParameterizedTest(name = "balance {0}, overdraft {1}, amount {2}")
        @CsvSource({
                "1, 0, 1",
                "100, 0, 100",
                "0, 50, 50",
                "100, 50, 150",
                "-49, 50, 1",
                "0, 1000000000000000, 1000000000000000",
                // balance + overdraft exceeds Long.MAX_VALUE: the headroom must not wrap to a negative number
                "9223372036854775807, 9223372036854775807, 1000000000000000",
                "1, 9223372036854775807, 1000000000000000",
        })
        void givenStandardDebitWithEnoughHeadroom_whenChecked_thenAccepted(
                long balanceMinor, long overdraftLimitMinor, long amountMinor) {
            assertAccepted(amountMinor, standard(balanceMinor, overdraftLimitMinor), standard(0, 0));
        }

        @Test
        void givenNoFundsAndCreditOverflow_whenChecked_thenRejectedExceedsAvailableBalance() {
            assertThat(accountsRejection(1, standard(0, 0), standard(MAX, 0))).isEqualTo(EXCEEDS_AVAILABLE_BALANCE);
        }

        @ParameterizedTest(name = "external balance {0}")
        @ValueSource(longs = {MAX, 1, 0, -1, -AMOUNT_MINOR_MAX, MIN + AMOUNT_MINOR_MAX})
        void givenExternalDebit_whenMaxDebitedAboveItsOverflowLimit_thenAcceptedBecauseExternalHasNoFloor(
                long balanceMinor) {
            assertAccepted(AMOUNT_MINOR_MAX, external(balanceMinor), standard(0, 0));
        }
    }

    @Nested
    class BalanceWouldOverflow {

        @ParameterizedTest(name = "external debit balance {0}, amount {1}")
        @CsvSource({
                "-9223372036854775808, 1",
                "-9223372036854775807, 2",
                "-9222372036854775809, 1000000000000000",
        })
        void givenExternalDebitNearLongMin_whenDebitWouldPassIt_thenRejectedBalanceWouldOverflow(
                long balanceMinor, long amountMinor) {
            assertThat(accountsRejection(amountMinor, external(balanceMinor), standard(0, 0)))
                    .isEqualTo(BALANCE_WOULD_OVERFLOW);
        }

        @ParameterizedTest(name = "external debit balance {0}, amount {1}")
        @CsvSource({
                "-9223372036854775807, 1",
                "-9223372036854775806, 2",
                "-9222372036854775808, 1000000000000000",
        })
        void givenExternalDebitNearLongMin_whenDebitReachesItExactly_thenAccepted(long balanceMinor,
                                                                                 long amountMinor) {
            assertAccepted(amountMinor, external(balanceMinor), standard(0, 0));
        }

        @ParameterizedTest(name = "{0} credit balance {1}, amount {2}")
        @CsvSource({
                "STANDARD, 9223372036854775807, 1",
                "STANDARD, 9223372036854775806, 2",
                "STANDARD, 9222372036854775808, 1000000000000000",
                "EXTERNAL, 9223372036854775807, 1",
                "EXTERNAL, 9222372036854775808, 1000000000000000",
        })
        void givenCreditNearLongMax_whenCreditWouldPassIt_thenRejectedBalanceWouldOverflow(
                AccountType type, long balanceMinor, long amountMinor) {
            assertThat(accountsRejection(amountMinor, external(0), account(type, balanceMinor, 0)))
                    .isEqualTo(BALANCE_WOULD_OVERFLOW);
        }

        @ParameterizedTest(name = "{0} credit balance {1}, amount {2}")
        @CsvSource({
                "STANDARD, 9223372036854775806, 1",
                "STANDARD, 9223372036854775805, 2",
                "STANDARD, 9222372036854775807, 1000000000000000",
                "EXTERNAL, 9222372036854775807, 1000000000000000",
                "EXTERNAL, -9223372036854775808, 1000000000000000",
                "STANDARD, -1000000000000000, 1000000000000000",
        })
        void givenCreditBelowLongMax_whenCreditReachesItAtMost_thenAccepted(AccountType type, long balanceMinor,
                                                                           long amountMinor) {
            assertAccepted(amountMinor, external(0), account(type, balanceMinor, 0));
        }

        @Test
        void givenExternalDebitAtLongMinAndCreditAtLongMax_whenChecked_thenRejectedBalanceWouldOverflow() {
            assertThat(accountsRejection(1, external(MIN), standard(MAX, 0))).isEqualTo(BALANCE_WOULD_OVERFLOW);
        }
    }

    @Nested
    class HeadroomMinor {

        @ParameterizedTest(name = "{0} balance {1}, overdraft {2} -> {3}")
        @CsvSource({
                "STANDARD, 0, 0, 0",
                "STANDARD, 100, 0, 100",
                "STANDARD, 100, 50, 150",
                "STANDARD, -50, 50, 0",
                // below its floor once the operator lowered its limit: no headroom (it was Long.MAX_VALUE)
                "STANDARD, -400, 100, 0",
                "STANDARD, -9223372036854775808, 0, 0",
                "STANDARD, 9223372036854775807, 0, 9223372036854775807",
                "STANDARD, 9223372036854775807, 9223372036854775807, 9223372036854775807",
                "EXTERNAL, -9223372036854775808, 0, 0",
                "EXTERNAL, -9223372036854775807, 0, 1",
                "EXTERNAL, -1, 0, 9223372036854775807",
                "EXTERNAL, 0, 0, 9223372036854775807",
                "EXTERNAL, 9223372036854775807, 0, 9223372036854775807",
        })
        void givenAccount_whenHeadroomComputed_thenDistanceToFloorCappedAtLongMax(AccountType type,
                                                                                 long balanceMinor,
                                                                                 long overdraftLimitMinor,
                                                                                 long expectedMinor) {
            AccountState account = account(type, balanceMinor, overdraftLimitMinor).state("a");

            assertThat(TransferRules.headroomMinor(account)).isEqualTo(expectedMinor);
        }
    }

    /** An account as the rules see it, built by hand; EUR, open, unless changed. */
    private record AccountSpec(AccountType type, long balanceMinor, long overdraftLimitMinor, boolean open,
                               String currency) {

        AccountSpec closed() {
            return new AccountSpec(type, balanceMinor, overdraftLimitMinor, false, currency);
        }

        AccountSpec in(String otherCurrency) {
            return new AccountSpec(type, balanceMinor, overdraftLimitMinor, open, otherCurrency);
        }

        AccountState state(String accountId) {
            return new AccountState(accountId, "owner", type, open, Money.of(balanceMinor, currency),
                    Money.of(overdraftLimitMinor, currency), null, Map.of(), 1);
        }
    }

    private static AccountSpec standard(long balanceMinor, long overdraftLimitMinor) {
        return account(AccountType.STANDARD, balanceMinor, overdraftLimitMinor);
    }

    private static AccountSpec external(long balanceMinor) {
        return account(AccountType.EXTERNAL, balanceMinor, 0);
    }

    private static AccountSpec account(AccountType type, long balanceMinor, long overdraftLimitMinor) {
        return new AccountSpec(type, balanceMinor, overdraftLimitMinor, true, "EUR");
    }

    private static PostTransfer command(String debitAccountId, String creditAccountId, long amountMinor) {
        return new PostTransfer(new TransferId("t-1"), new AccountId(debitAccountId), new AccountId(creditAccountId),
                Money.of(amountMinor, "EUR"), null, Map.of());
    }

    private static Rejection requestRejection(PostTransfer command) {
        return rejection(() -> TransferRules.checkRequest(command));
    }

    private static Rejection accountsRejection(long amountMinor, AccountSpec debit, AccountSpec credit) {
        PostTransfer command = command("debit", "credit", amountMinor);
        return rejection(() -> TransferRules.checkAccounts(command, debit.state("debit"), credit.state("credit")));
    }

    private static void assertAccepted(long amountMinor, AccountSpec debit, AccountSpec credit) {
        PostTransfer command = command("debit", "credit", amountMinor);
        assertThatCode(() -> TransferRules.checkAccounts(command, debit.state("debit"), credit.state("credit")))
                .doesNotThrowAnyException();
    }

    private static Rejection rejection(Runnable check) {
        LedgerRejected rejected = catchThrowableOfType(LedgerRejected.class, check::run);
        assertThat(rejected).as("a rejection").isNotNull();
        return rejected.rejection();
    }
}
