package com.payledger.command.transfer;

import static com.payledger.command.rejection.Rejection.ACCOUNT_CLOSED;
import static com.payledger.command.rejection.Rejection.ACCOUNT_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.AMOUNT_MUST_BE_POSITIVE;
import static com.payledger.command.rejection.Rejection.AMOUNT_TOO_LARGE;
import static com.payledger.command.rejection.Rejection.BALANCE_WOULD_OVERFLOW;
import static com.payledger.command.rejection.Rejection.CURRENCY_MISMATCH;
import static com.payledger.command.rejection.Rejection.EXCEEDS_AVAILABLE_BALANCE;
import static com.payledger.command.rejection.Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD;
import static com.payledger.command.rejection.Rejection.SAME_ACCOUNT;
import static com.payledger.command.transfer.TransferRules.AMOUNT_MINOR_MAX;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.account.AccountId;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountEvent;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostTransfer against the real handlers, aggregate and event store in memory, because a transfer writes to two
 * account streams and {@code AggregateTestFixture} holds one. The nested classes follow the precedence order of
 * {@code Rejection}; each rejection test also checks that nothing was recorded and the transfer id is free again.
 */
class PostTransferTest {

    /** The clock has nanoseconds on purpose: a transfer must record them truncated to microseconds. */
    private static final Instant START = Instant.parse("2026-11-29T10:15:30.123456789Z");
    private static final Instant START_MICROS = Instant.parse("2026-11-29T10:15:30.123456Z");
    private static final String DESCRIPTION = "rent november";
    private static final Map<String, String> METADATA = Map.of("invoice", "2026-11-042", "channel", "api");

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryLedger ledger = InMemoryLedger.replaying(clock);
    private int fundings;

    /*
     * Ids are chosen so both load orders occur: "alice" < "bank-eur" < "bob" < "carol" < "yuki" < "zed-missing".
     * The handler loads in id order, so a transfer from bank-eur to alice loads the credit account first.
     */
    @BeforeEach
    void openAccounts() {
        ledger.openExternal("bank-eur", "EUR");
        ledger.openExternal("bank-jpy", "JPY");
        ledger.openStandard("alice", "EUR", 0);
        ledger.openStandard("bob", "EUR", 0);
        ledger.openStandard("carol", "EUR", 50);
        ledger.openStandard("yuki", "JPY", 0);
    }

    @Nested
    class Accepted {

        @Test
        void givenFundedAccount_whenTransferPosted_thenOneDebitAndOneCreditCarryingTheWholeTransfer() {
            fund("alice", 1_000);
            long eventsBefore = ledger.eventCount();

            PostedTransfer posted = ledger.send(transfer("t-rent", "alice", "bob", 400));

            Money amount = Money.of(400, "EUR");
            assertThat(posted).isEqualTo(new PostedTransfer("t-rent", "alice", "bob", amount, DESCRIPTION, METADATA,
                    START_MICROS));
            assertThat(ledger.eventCount()).isEqualTo(eventsBefore + 2);
            assertThat(lastEvent("alice")).isEqualTo(new AccountDebited("alice", "t-rent", "bob", amount,
                    DESCRIPTION, METADATA, START_MICROS));
            assertThat(lastEvent("bob")).isEqualTo(new AccountCredited("bob", "t-rent", "alice", amount,
                    DESCRIPTION, METADATA, START_MICROS));
            assertThat(ledger.balanceFromEvents("alice")).isEqualTo(BigInteger.valueOf(600));
            assertThat(ledger.balanceFromEvents("bob")).isEqualTo(BigInteger.valueOf(400));
        }

        @Test
        void givenTransferPosted_whenStreamsRead_thenLegsAreNextSequenceNumbersOfTheirOwnAccount() {
            fund("alice", 1_000);

            ledger.send(transfer("t-rent", "alice", "bob", 400));

            DomainEventMessage<?> debit = lastMessage("alice");
            DomainEventMessage<?> credit = lastMessage("bob");
            assertThat(debit.getAggregateIdentifier()).isEqualTo("alice");
            assertThat(debit.getSequenceNumber()).isEqualTo(2); // opened, funded, debited
            assertThat(credit.getAggregateIdentifier()).isEqualTo("bob");
            assertThat(credit.getSequenceNumber()).isEqualTo(1); // opened, credited
            assertThat(ledger.openStandard("alice", "EUR", 0).version()).isEqualTo(2);
        }

        @Test
        void givenTransferWithoutDescriptionOrMetadata_whenPosted_thenLegsCarryNullDescriptionAndEmptyMetadata() {
            ledger.send(new PostTransfer(new TransferId("t-bare"), new AccountId("bank-eur"), new AccountId("bob"),
                    Money.of(5, "EUR"), null, null));

            assertThat(lastEvent("bank-eur")).isEqualTo(new AccountDebited("bank-eur", "t-bare", "bob",
                    Money.of(5, "EUR"), null, Map.of(), START_MICROS));
            assertThat(lastEvent("bob")).isEqualTo(new AccountCredited("bob", "t-bare", "bank-eur",
                    Money.of(5, "EUR"), null, Map.of(), START_MICROS));
        }

        @Test
        void givenTransferPosted_whenRetriedIdenticallyLater_thenEqualAnswerWithOriginalTimeAndNoEvent() {
            PostedTransfer first = ledger.send(transfer("t-retry", "bank-eur", "alice", 70));
            long eventsAfterFirst = ledger.eventCount();
            clock.advance(Duration.ofMinutes(5));

            PostedTransfer retry = ledger.send(transfer("t-retry", "bank-eur", "alice", 70));

            assertThat(retry).isEqualTo(first);
            assertThat(retry.postedAt()).isEqualTo(START_MICROS);
            assertThat(ledger.eventCount()).isEqualTo(eventsAfterFirst);
            assertThat(ledger.balanceFromEvents("alice")).isEqualTo(BigInteger.valueOf(70));
        }

        @Test
        void givenAnEntryStatedLater_whenATransferTakesAnEarlierTime_thenPostedAtTheEntrysTimeAndRetriesSayTheSame() {
            // What a transfer that took its time and then waited for the account's lock meets, or a lagging clock.
            clock.advance(Duration.ofSeconds(10));
            PostedTransfer later = ledger.send(transfer("t-later", "bank-eur", "alice", 70));
            clock.advance(Duration.ofSeconds(-4));

            PostedTransfer earlier = ledger.send(transfer("t-earlier", "alice", "bob", 20));

            assertThat(earlier.postedAt()).isEqualTo(later.postedAt()).isEqualTo(START_MICROS.plusSeconds(10));
            assertThat(((AccountDebited) lastEvent("alice")).postedAt()).isEqualTo(later.postedAt());
            assertThat(((AccountCredited) lastEvent("bob")).postedAt()).isEqualTo(later.postedAt());
            PostedTransfer retried = ledger.send(transfer("t-earlier", "alice", "bob", 20));
            assertThat(retried).as("the identical retry").isEqualTo(earlier);
            PostedTransfer untouched = ledger.send(new PostTransfer(new TransferId("t-untouched"),
                    new AccountId("bank-jpy"), new AccountId("yuki"), Money.of(5, "JPY"), null, null));
            assertThat(untouched.postedAt()).as("accounts with nothing stated later take the clock's time")
                    .isEqualTo(START_MICROS.plusSeconds(6));
        }

        @Test
        void givenTransferPostedAndAccountsClosedSince_whenRetriedIdentically_thenOriginalAnswerBeforeStateRules() {
            PostedTransfer first = ledger.send(transfer("t-in", "bank-eur", "alice", 70));
            ledger.send(transfer("t-out", "alice", "bank-eur", 70));
            ledger.close("alice");
            long eventsBefore = ledger.eventCount();

            PostedTransfer retry = ledger.send(transfer("t-in", "bank-eur", "alice", 70));

            assertThat(retry).isEqualTo(first);
            assertThat(ledger.eventCount()).isEqualTo(eventsBefore);
        }

        @Test
        void givenRejectedTransfer_whenSameIdPostedAgainOnceFunded_thenAccepted() {
            assertRejectedWithoutEvents(transfer("t-again", "alice", "bob", 10), EXCEEDS_AVAILABLE_BALANCE);
            fund("alice", 10);

            PostedTransfer posted = ledger.send(transfer("t-again", "alice", "bob", 10));

            assertThat(posted.transferId()).isEqualTo("t-again");
            assertThat(ledger.balanceFromEvents("bob")).isEqualTo(BigInteger.TEN);
            assertThat(ledger.claims()).containsEntry("t-again", posted);
        }

        @Test
        void givenRejectedTransfer_whenSameIdPostedWithDifferentPayload_thenAcceptedBecauseNothingHeldTheId() {
            assertRejectedWithoutEvents(transfer("t-again", "alice", "bob", 10), EXCEEDS_AVAILABLE_BALANCE);

            PostedTransfer posted = ledger.send(transfer("t-again", "bank-eur", "bob", 25));

            assertThat(posted.debitAccountId()).isEqualTo("bank-eur");
            assertThat(ledger.balanceFromEvents("bob")).isEqualTo(BigInteger.valueOf(25));
        }
    }

    @Nested
    class AmountMustBePositive {

        @ParameterizedTest(name = "amount {0}")
        @ValueSource(longs = {0, -1, -AMOUNT_MINOR_MAX, Long.MIN_VALUE})
        void givenExternalAccount_whenAmountNotPositive_thenRejectedAmountMustBePositive(long amountMinor) {
            assertRejectedWithoutEvents(transfer("t-1", "bank-eur", "alice", amountMinor), AMOUNT_MUST_BE_POSITIVE);
        }

        @Test
        void givenExternalAccount_whenAmount1_thenAccepted() {
            ledger.send(transfer("t-1", "bank-eur", "alice", 1));

            assertThat(ledger.balanceFromEvents("alice")).isEqualTo(BigInteger.ONE);
        }

        @Test
        void givenAmountZeroAndSameAccountAndUnknownAccount_whenPosted_thenRejectedAmountMustBePositive() {
            assertRejectedWithoutEvents(transfer("t-1", "zed-missing", "zed-missing", 0), AMOUNT_MUST_BE_POSITIVE);
        }

        @Test
        void givenIdPostedBefore_whenReusedWithAmountZero_thenRejectedAmountMustBePositiveNotIdReused() {
            PostedTransfer first = ledger.send(transfer("t-1", "bank-eur", "alice", 10));

            assertThat(rejectionLeavingClaim(transfer("t-1", "bank-eur", "alice", 0), first))
                    .isEqualTo(AMOUNT_MUST_BE_POSITIVE);
        }
    }

    @Nested
    class AmountTooLarge {

        @ParameterizedTest(name = "amount {0}")
        @ValueSource(longs = {AMOUNT_MINOR_MAX + 1, Long.MAX_VALUE})
        void givenExternalAccount_whenAmountAboveMax_thenRejectedAmountTooLarge(long amountMinor) {
            assertRejectedWithoutEvents(transfer("t-1", "bank-eur", "alice", amountMinor), AMOUNT_TOO_LARGE);
        }

        @Test
        void givenExternalAccount_whenAmountIsMax_thenAccepted() {
            ledger.send(transfer("t-1", "bank-eur", "alice", AMOUNT_MINOR_MAX));

            assertThat(ledger.balanceFromEvents("bank-eur")).isEqualTo(BigInteger.valueOf(-AMOUNT_MINOR_MAX));
            assertThat(ledger.balanceFromEvents("alice")).isEqualTo(BigInteger.valueOf(AMOUNT_MINOR_MAX));
        }

        @Test
        void givenAmountAboveMaxAndSameAccount_whenPosted_thenRejectedAmountTooLarge() {
            assertRejectedWithoutEvents(transfer("t-1", "alice", "alice", AMOUNT_MINOR_MAX + 1), AMOUNT_TOO_LARGE);
        }
    }

    @Nested
    class SameAccount {

        @Test
        void givenFundedAccount_whenDebitEqualsCredit_thenRejectedSameAccount() {
            fund("alice", 100);

            assertRejectedWithoutEvents(transfer("t-1", "alice", "alice", 10), SAME_ACCOUNT);
        }

        @Test
        void givenUnknownAccount_whenDebitEqualsCredit_thenRejectedSameAccountBeforeAccountNotFound() {
            assertRejectedWithoutEvents(transfer("t-1", "zed-missing", "zed-missing", 10), SAME_ACCOUNT);
        }

        @Test
        void givenIdPostedBefore_whenReusedWithSameAccount_thenRejectedSameAccountNotIdReused() {
            PostedTransfer first = ledger.send(transfer("t-1", "bank-eur", "alice", 10));

            assertThat(rejectionLeavingClaim(transfer("t-1", "alice", "alice", 10), first)).isEqualTo(SAME_ACCOUNT);
        }
    }

    @Nested
    class IdReusedWithDifferentPayload {

        @ParameterizedTest(name = "{0}")
        @MethodSource("com.payledger.command.transfer.PostTransferTest#requestsDifferingFromOriginal")
        void givenTransferPosted_whenIdReusedWithDifferentPayload_thenRejectedIdReusedWithDifferentPayload(
                String differingField, PostTransfer reuse) {
            PostedTransfer first = ledger.send(transfer("t-1", "bank-eur", "alice", 100));

            assertThat(rejectionLeavingClaim(reuse, first)).isEqualTo(ID_REUSED_WITH_DIFFERENT_PAYLOAD);
        }

        @Test
        void givenTransferPosted_whenIdReusedWithUnknownAccount_thenRejectedIdReusedBeforeAccountNotFound() {
            PostedTransfer first = ledger.send(transfer("t-1", "bank-eur", "alice", 100));

            assertThat(rejectionLeavingClaim(transfer("t-1", "bank-eur", "zed-missing", 100), first))
                    .isEqualTo(ID_REUSED_WITH_DIFFERENT_PAYLOAD);
        }

        @Test
        void givenTransferPosted_whenIdReusedForAmountExceedingBalance_thenRejectedIdReusedBeforeStateRules() {
            PostedTransfer first = ledger.send(transfer("t-1", "bank-eur", "alice", 100));

            assertThat(rejectionLeavingClaim(transfer("t-1", "bob", "alice", 100), first))
                    .isEqualTo(ID_REUSED_WITH_DIFFERENT_PAYLOAD);
        }
    }

    static Stream<Arguments> requestsDifferingFromOriginal() {
        AccountId bank = new AccountId("bank-eur");
        AccountId alice = new AccountId("alice");
        TransferId id = new TransferId("t-1");
        Money amount = Money.of(100, "EUR");
        return Stream.of(
                Arguments.of("debit account", new PostTransfer(id, new AccountId("carol"), alice, amount,
                        DESCRIPTION, METADATA)),
                Arguments.of("credit account", new PostTransfer(id, bank, new AccountId("bob"), amount,
                        DESCRIPTION, METADATA)),
                Arguments.of("amount", new PostTransfer(id, bank, alice, Money.of(101, "EUR"), DESCRIPTION,
                        METADATA)),
                Arguments.of("currency", new PostTransfer(id, bank, alice, Money.of(100, "JPY"), DESCRIPTION,
                        METADATA)),
                Arguments.of("description", new PostTransfer(id, bank, alice, amount, "rent december", METADATA)),
                Arguments.of("description missing", new PostTransfer(id, bank, alice, amount, null, METADATA)),
                Arguments.of("metadata", new PostTransfer(id, bank, alice, amount, DESCRIPTION,
                        Map.of("invoice", "2026-11-043", "channel", "api"))),
                Arguments.of("metadata missing", new PostTransfer(id, bank, alice, amount, DESCRIPTION, null)));
    }

    @Nested
    class AccountNotFound {

        @ParameterizedTest(name = "debit {0}")
        @ValueSource(strings = {"aaa-missing", "zed-missing"})
        void givenNoDebitAccount_whenPosted_thenRejectedAccountNotFound(String missing) {
            assertRejectedWithoutEvents(transfer("t-1", missing, "bob", 10), ACCOUNT_NOT_FOUND);
        }

        @ParameterizedTest(name = "credit {0}")
        @ValueSource(strings = {"aaa-missing", "zed-missing"})
        void givenNoCreditAccount_whenPosted_thenRejectedAccountNotFound(String missing) {
            assertRejectedWithoutEvents(transfer("t-1", "bank-eur", missing, 10), ACCOUNT_NOT_FOUND);
        }

        @Test
        void givenNeitherAccount_whenPosted_thenRejectedAccountNotFound() {
            assertRejectedWithoutEvents(transfer("t-1", "aaa-missing", "zed-missing", 10), ACCOUNT_NOT_FOUND);
        }

        @Test
        void givenClosedDebitAccountAndNoCreditAccount_whenPosted_thenRejectedAccountNotFound() {
            ledger.close("alice");

            assertRejectedWithoutEvents(transfer("t-1", "alice", "zed-missing", 10), ACCOUNT_NOT_FOUND);
        }

        @Test
        void givenNoDebitAccountAndCreditInOtherCurrency_whenPosted_thenRejectedAccountNotFound() {
            assertRejectedWithoutEvents(transfer("t-1", "aaa-missing", "yuki", 10), ACCOUNT_NOT_FOUND);
        }

        @Test
        void givenRejectedForMissingAccount_whenAccountOpenedAndSameIdPosted_thenAccepted() {
            assertRejectedWithoutEvents(transfer("t-1", "bank-eur", "zed-missing", 10), ACCOUNT_NOT_FOUND);
            ledger.openStandard("zed-missing", "EUR", 0);

            ledger.send(transfer("t-1", "bank-eur", "zed-missing", 10));

            assertThat(ledger.balanceFromEvents("zed-missing")).isEqualTo(BigInteger.TEN);
        }
    }

    @Nested
    class ClosedAccount {

        @Test
        void givenClosedDebitAccount_whenPosted_thenRejectedAccountClosed() {
            ledger.close("bob");

            assertRejectedWithoutEvents(transfer("t-1", "bob", "alice", 10), ACCOUNT_CLOSED);
        }

        @Test
        void givenClosedCreditAccount_whenPosted_thenRejectedAccountClosed() {
            ledger.close("alice");

            assertRejectedWithoutEvents(transfer("t-1", "bank-eur", "alice", 10), ACCOUNT_CLOSED);
        }

        @Test
        void givenClosedDebitAccountAndCurrencyMismatch_whenPosted_thenRejectedAccountClosed() {
            ledger.close("bob");

            assertRejectedWithoutEvents(transfer("t-1", "bob", "yuki", 10, "JPY"), ACCOUNT_CLOSED);
        }

        @Test
        void givenClosedCreditAccountAndDebitWithoutFunds_whenPosted_thenRejectedAccountClosed() {
            ledger.close("alice");

            assertRejectedWithoutEvents(transfer("t-1", "bob", "alice", 10), ACCOUNT_CLOSED);
        }
    }

    @Nested
    class CurrencyMismatch {

        @Test
        void givenEurAccounts_whenPostedInJpy_thenRejectedCurrencyMismatch() {
            fund("alice", 100);

            assertRejectedWithoutEvents(transfer("t-1", "alice", "bob", 10, "JPY"), CURRENCY_MISMATCH);
        }

        @Test
        void givenJpyDebitAndEurCredit_whenPostedInEur_thenRejectedCurrencyMismatch() {
            ledger.send(transfer("t-fund-yuki", "bank-jpy", "yuki", 100, "JPY"));

            assertRejectedWithoutEvents(transfer("t-1", "yuki", "alice", 10, "EUR"), CURRENCY_MISMATCH);
        }

        @Test
        void givenJpyDebitAndEurCredit_whenPostedInJpy_thenRejectedCurrencyMismatch() {
            ledger.send(transfer("t-fund-yuki", "bank-jpy", "yuki", 100, "JPY"));

            assertRejectedWithoutEvents(transfer("t-1", "yuki", "alice", 10, "JPY"), CURRENCY_MISMATCH);
        }

        @Test
        void givenEmptyDebitAccountAndCurrencyMismatch_whenPosted_thenRejectedCurrencyMismatch() {
            assertRejectedWithoutEvents(transfer("t-1", "alice", "yuki", 10, "JPY"), CURRENCY_MISMATCH);
        }
    }

    @Nested
    class ExceedsAvailableBalance {

        @Test
        void givenBalance0AndNoOverdraft_whenDebit1_thenRejectedExceedsAvailableBalance() {
            assertRejectedWithoutEvents(transfer("t-1", "alice", "bob", 1), EXCEEDS_AVAILABLE_BALANCE);
        }

        @Test
        void givenBalance100_whenDebit101_thenRejectedExceedsAvailableBalance() {
            fund("alice", 100);

            assertRejectedWithoutEvents(transfer("t-1", "alice", "bob", 101), EXCEEDS_AVAILABLE_BALANCE);
        }

        @Test
        void givenBalance100_whenDebit100_thenAcceptedAndBalanceZero() {
            fund("alice", 100);

            ledger.send(transfer("t-1", "alice", "bob", 100));

            assertThat(ledger.balanceFromEvents("alice")).isZero();
        }

        @Test
        void givenBalance100AndOverdraft50_whenDebit150ThenDebit1_thenFirstAcceptedSecondRejected() {
            fund("carol", 100);

            ledger.send(transfer("t-1", "carol", "bob", 150));
            assertThat(ledger.balanceFromEvents("carol")).isEqualTo(BigInteger.valueOf(-50));

            assertRejectedWithoutEvents(transfer("t-2", "carol", "bob", 1), EXCEEDS_AVAILABLE_BALANCE);
        }

        @Test
        void givenBalance0AndOverdraft50_whenDebit51_thenRejectedExceedsAvailableBalance() {
            assertRejectedWithoutEvents(transfer("t-1", "carol", "bob", 51), EXCEEDS_AVAILABLE_BALANCE);
        }

        @Test
        void givenBalance0AndOverdraft50_whenDebit50_thenAcceptedAtTheFloor() {
            ledger.send(transfer("t-1", "carol", "bob", 50));

            assertThat(ledger.balanceFromEvents("carol")).isEqualTo(BigInteger.valueOf(-50));
        }

        @Test
        void givenExternalAccountAtMinusMax_whenDebitedMaxAgain_thenAcceptedBecauseExternalHasNoFloor() {
            ledger.send(transfer("t-1", "bank-eur", "alice", AMOUNT_MINOR_MAX));

            ledger.send(transfer("t-2", "bank-eur", "bob", AMOUNT_MINOR_MAX));

            assertThat(ledger.balanceFromEvents("bank-eur")).isEqualTo(BigInteger.valueOf(-2 * AMOUNT_MINOR_MAX));
        }
    }

    /**
     * Balances near the ends of {@code long} can only be reached through many transfers of at most
     * {@code AMOUNT_MINOR_MAX}: 9,223 of them bring an account to within one such amount of overflow. This uses the
     * cached ledger, as replaying a stream that grows to 9,000 events on every load would take minutes.
     */
    @Nested
    class BalanceWouldOverflow {

        /** Long.MAX_VALUE - 9_223 * AMOUNT_MINOR_MAX: what is left after the loop, on either side. */
        private static final long CREDIT_HEADROOM_MINOR = 372_036_854_775_807L;
        private static final long DEBIT_HEADROOM_MINOR = CREDIT_HEADROOM_MINOR + 1;

        private final InMemoryLedger big = InMemoryLedger.cached(clock);

        @BeforeEach
        void bringSourceAndSinkNearOverflow() {
            big.openExternal("source", "EUR");
            big.openStandard("sink", "EUR", 0);
            big.openExternal("other-source", "EUR");
            big.openStandard("other-sink", "EUR", 0);
            long transfers = Long.MAX_VALUE / AMOUNT_MINOR_MAX;
            for (long i = 0; i < transfers; i++) {
                big.send(transfer("t-fill-" + i, "source", "sink", AMOUNT_MINOR_MAX));
            }
            assertThat(big.balanceFromEvents("sink")).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE
                    - CREDIT_HEADROOM_MINOR));
            assertThat(big.balanceFromEvents("source")).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE
                    + DEBIT_HEADROOM_MINOR));
        }

        @Test
        void givenCreditNearLongMax_whenCreditedPastIt_thenRejectedUntilExactlyLongMaxThenRejectedFor1() {
            assertBigRejected(transfer("t-1", "other-source", "sink", AMOUNT_MINOR_MAX), BALANCE_WOULD_OVERFLOW);
            assertBigRejected(transfer("t-1", "other-source", "sink", CREDIT_HEADROOM_MINOR + 1),
                    BALANCE_WOULD_OVERFLOW);

            big.send(transfer("t-1", "other-source", "sink", CREDIT_HEADROOM_MINOR));
            assertThat(big.balanceFromEvents("sink")).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));

            assertBigRejected(transfer("t-2", "other-source", "sink", 1), BALANCE_WOULD_OVERFLOW);
        }

        @Test
        void givenExternalDebitNearLongMin_whenDebitedPastIt_thenRejectedUntilExactlyLongMinThenRejectedFor1() {
            assertBigRejected(transfer("t-1", "source", "other-sink", AMOUNT_MINOR_MAX), BALANCE_WOULD_OVERFLOW);
            assertBigRejected(transfer("t-1", "source", "other-sink", DEBIT_HEADROOM_MINOR + 1),
                    BALANCE_WOULD_OVERFLOW);

            big.send(transfer("t-1", "source", "other-sink", DEBIT_HEADROOM_MINOR));
            assertThat(big.balanceFromEvents("source")).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));

            assertBigRejected(transfer("t-2", "source", "other-sink", 1), BALANCE_WOULD_OVERFLOW);
        }

        @Test
        void givenDebitAndCreditBothNearOverflow_whenPosted_thenRejectedBalanceWouldOverflow() {
            assertBigRejected(transfer("t-1", "source", "sink", AMOUNT_MINOR_MAX), BALANCE_WOULD_OVERFLOW);
        }

        @Test
        void givenCreditNearLongMaxAndClosedDebit_whenPosted_thenRejectedAccountClosed() {
            big.close("other-source");

            assertBigRejected(transfer("t-1", "other-source", "sink", AMOUNT_MINOR_MAX), ACCOUNT_CLOSED);
        }

        private void assertBigRejected(PostTransfer command, Rejection expected) {
            long eventsBefore = big.eventCount();
            assertThat(big.rejectionOf(command)).isEqualTo(expected);
            assertThat(big.eventCount()).as("events after rejection").isEqualTo(eventsBefore);
            assertThat(big.claims()).doesNotContainKey(command.transferId().value());
        }
    }

    private void fund(String accountId, long amountMinor) {
        fundings++;
        ledger.send(transfer("t-fund-" + fundings, "bank-eur", accountId, amountMinor));
    }

    /** Checks the rejection and that it left no trace: no event on any stream, no claim on the transfer id. */
    private void assertRejectedWithoutEvents(PostTransfer command, Rejection expected) {
        long eventsBefore = ledger.eventCount();
        assertThat(ledger.rejectionOf(command)).isEqualTo(expected);
        assertThat(ledger.eventCount()).as("events after rejection").isEqualTo(eventsBefore);
        assertThat(ledger.claims()).doesNotContainKey(command.transferId().value());
    }

    /** A rejection of an id that an earlier transfer holds: no new event, and the id still answers with it. */
    private Rejection rejectionLeavingClaim(PostTransfer command, PostedTransfer holder) {
        long eventsBefore = ledger.eventCount();
        Rejection rejection = ledger.rejectionOf(command);
        assertThat(ledger.eventCount()).as("events after rejection").isEqualTo(eventsBefore);
        assertThat(ledger.claims()).containsEntry(holder.transferId(), holder);
        return rejection;
    }

    private AccountEvent lastEvent(String accountId) {
        List<AccountEvent> events = ledger.events(accountId);
        return events.get(events.size() - 1);
    }

    private DomainEventMessage<?> lastMessage(String accountId) {
        List<? extends DomainEventMessage<?>> messages = ledger.eventMessages(accountId);
        return messages.get(messages.size() - 1);
    }

    private static PostTransfer transfer(String transferId, String debitAccountId, String creditAccountId,
                                         long amountMinor) {
        return transfer(transferId, debitAccountId, creditAccountId, amountMinor, "EUR");
    }

    private static PostTransfer transfer(String transferId, String debitAccountId, String creditAccountId,
                                         long amountMinor, String currency) {
        return new PostTransfer(new TransferId(transferId), new AccountId(debitAccountId),
                new AccountId(creditAccountId), Money.of(amountMinor, currency), DESCRIPTION, METADATA);
    }
}
