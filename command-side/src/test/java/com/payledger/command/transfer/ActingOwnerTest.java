package com.payledger.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.account.CloseAccount;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands from an API client act for its owner only: another owner's account is as absent as a missing one, and
 * nothing may be opened for another owner. The accounts here belong to "owner-" + their id.
 */
class ActingOwnerTest {

    private static final String ALICE = "owner-alice";
    private static final String BOB = "owner-bob";

    private final InMemoryLedger ledger = InMemoryLedger.replaying(new MutableClock(Instant.parse(
            "2026-11-30T09:00:00Z")));

    @BeforeEach
    void fundedAccountsOfTwoOwners() {
        ledger.openExternal("bank", "EUR");
        ledger.openStandard("alice", "EUR", 0);
        ledger.openStandard("bob", "EUR", 0);
        ledger.send(transfer("fund-alice", "bank", "alice", 1_000));
        ledger.send(transfer("fund-bob", "bank", "bob", 1_000));
    }

    @Test
    void givenAClient_whenItDebitsAnotherOwnersAccount_thenThatAccountIsNotFoundAndTheIdStaysFree() {
        long events = ledger.eventCount();

        assertThat(ledger.rejectionAs(ALICE, transfer("t-1", "bob", "alice", 10)))
                .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);

        assertThat(ledger.eventCount()).isEqualTo(events);
        PostedTransfer byBob = ledger.sendAs(BOB, transfer("t-1", "bob", "alice", 10));
        assertThat(byBob.debitAccountId()).isEqualTo("bob");
    }

    @Test
    void givenAClient_whenItCreditsAnotherOwnersAccount_thenThePaymentIsPosted() {
        PostedTransfer posted = ledger.sendAs(ALICE, transfer("pay-bob", "alice", "bob", 10));

        assertThat(posted.creditAccountId()).isEqualTo("bob");
    }

    @Test
    void givenAPostedTransfer_whenAnotherOwnerRetriesOrGuessesIt_thenItLearnsNothingOfIt() {
        PostedTransfer original = ledger.sendAs(ALICE, transfer("t-2", "alice", "bob", 10));
        long events = ledger.eventCount();

        assertThat(ledger.rejectionAs(BOB, transfer("t-2", "alice", "bob", 10)))
                .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);
        // Nor by guessing its body: every guess is answered alike, not 409 but for the right one.
        assertThat(ledger.rejectionAs(BOB, transfer("t-2", "alice", "bob", 11)))
                .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);
        assertThat(ledger.rejectionAs(BOB, transfer("t-2", "alice", "carol", 10)))
                .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);
        assertThat(ledger.<PostedTransfer>sendAs(ALICE, transfer("t-2", "alice", "bob", 10))).isEqualTo(original);
        assertThat(ledger.rejectionAs(ALICE, transfer("t-2", "alice", "bob", 11)))
                .isEqualTo(Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD);
        assertThat(ledger.eventCount()).isEqualTo(events);
    }

    @Test
    void givenAClient_whenItOpensForAnotherOwner_thenForeignOwnerAndNothingRecorded() {
        long events = ledger.eventCount();

        assertThat(ledger.rejectionAs(ALICE, open("alice-2", BOB))).isEqualTo(Rejection.FOREIGN_OWNER);
        assertThat(ledger.eventCount()).isEqualTo(events);
        AccountState opened = ledger.sendAs(ALICE, open("alice-2", ALICE));
        assertThat(opened.ownerId()).isEqualTo(ALICE);
    }

    @Test
    void givenAClient_whenItClosesAnotherOwnersAccount_thenThatAccountIsNotFound() {
        ledger.openStandard("bob-empty", "EUR", 0);

        assertThat(ledger.rejectionAs(ALICE, new CloseAccount(new AccountId("bob-empty"))))
                .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);
        assertThat(ledger.<AccountState>sendAs("owner-bob-empty", new CloseAccount(new AccountId("bob-empty")))
                .open()).isFalse();
    }

    @Test
    void givenACallerActingForNobody_whenItSendsAnything_thenItFindsNothingToActOn() {
        assertThat(ledger.rejectionAs(ActingOwner.NOBODY, transfer("t-3", "alice", "bob", 10)))
                .isEqualTo(Rejection.ACCOUNT_NOT_FOUND);
        assertThat(ledger.rejectionAs(ActingOwner.NOBODY, open("nobodys", "owner-x")))
                .isEqualTo(Rejection.FOREIGN_OWNER);
    }

    private static PostTransfer transfer(String id, String debit, String credit, long amount) {
        return new PostTransfer(new TransferId(id), new AccountId(debit), new AccountId(credit),
                Money.of(amount, "EUR"), null, Map.of());
    }

    private static OpenAccount open(String id, String ownerId) {
        return new OpenAccount(new AccountId(id), ownerId, Currency.getInstance("EUR"), AccountType.STANDARD, 0, null,
                Map.of());
    }
}
