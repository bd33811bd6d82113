package com.payledger.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.account.CloseAccount;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one event store, each with its aggregate cache: a rejection decided on a copy the other instance
 * has moved past is not final. It is a lost race, which the gateway decides again on current state; the rollback
 * evicts the stale copy, so the next attempt (here sent by hand: these gateways do not retry) is decided afresh.
 */
class DecisionsOnStaleCopiesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    private final InMemoryLedger one = InMemoryLedger.cached(CLOCK);
    private final InMemoryLedger two = one.anotherCachedInstance();

    @BeforeEach
    void accounts() {
        one.openExternal("bank", "EUR");
        one.openStandard("alice", "EUR", 0);
        one.openStandard("bob", "EUR", 0);
        one.openStandard("carol", "EUR", 0);
        one.send(transfer("fund-carol", "bank", "carol", 100));
    }

    @Test
    void givenAnAccountFundedThroughTheOtherInstance_whenItsStaleCopyRefusesADebit_thenTheCommandIsDecidedAgain() {
        two.send(transfer("fund-alice", "bank", "alice", 100));

        assertThatThrownBy(() -> one.send(transfer("pay", "alice", "bob", 50)))
                .isInstanceOf(ConcurrencyException.class).hasMessageContaining("alice")
                .hasMessageContaining(Rejection.EXCEEDS_AVAILABLE_BALANCE.name());
        assertThat(one.claims()).doesNotContainKey("pay");

        PostedTransfer posted = one.send(transfer("pay", "alice", "bob", 50));
        assertThat(posted.transferId()).isEqualTo("pay");
        assertThat(one.balanceFromEvents("alice")).isEqualTo(BigInteger.valueOf(50));
        assertThat(one.balanceFromEvents("bob")).isEqualTo(BigInteger.valueOf(50));
    }

    @Test
    void givenAnAccountDrainedThroughTheOtherInstance_whenItsStaleCopyRefusesToClose_thenTheCloseIsDecidedAgain() {
        two.send(transfer("drain-carol", "carol", "bank", 100));

        assertThatThrownBy(() -> one.close("carol")).isInstanceOf(ConcurrencyException.class)
                .hasMessageContaining(Rejection.BALANCE_MUST_BE_ZERO.name());

        assertThat(one.close("carol").open()).isFalse();
    }

    @Test
    void givenAnAccountClosedThroughTheOtherInstance_whenItsOpeningIsRetriedHere_thenTheAnswerIsDecidedAgain() {
        two.send(transfer("drain-carol", "carol", "bank", 100));
        two.close("carol");

        assertThatThrownBy(() -> one.openStandard("carol", "EUR", 0)).isInstanceOf(ConcurrencyException.class)
                .hasMessageContaining("carol");

        AccountState retried = one.openStandard("carol", "EUR", 0);
        assertThat(retried.open()).isFalse();
        assertThat(retried.balance().amountMinor()).isZero();
        assertThat(retried.version()).isEqualTo(3);
    }

    @Test
    void givenCurrentCopies_whenTheRulesRefuse_thenTheRejectionIsFinal() {
        one.send(transfer("fund-alice", "bank", "alice", 100));

        assertThat(one.rejectionOf(transfer("too-much", "alice", "bob", 500)))
                .isEqualTo(Rejection.EXCEEDS_AVAILABLE_BALANCE);
        assertThat(one.rejectionOf(new CloseAccount(new AccountId("carol")))).isEqualTo(Rejection.BALANCE_MUST_BE_ZERO);
    }

    private static PostTransfer transfer(String id, String debit, String credit, long amountMinor) {
        return new PostTransfer(new TransferId(id), new AccountId(debit), new AccountId(credit),
                Money.of(amountMinor, "EUR"), null, Map.of());
    }
}
