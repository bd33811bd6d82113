package com.payledger.command.account;

import static com.payledger.command.account.AccountTestData.EARLIER;
import static com.payledger.command.account.AccountTestData.NOW;
import static com.payledger.command.account.AccountTestData.accountClosed;
import static com.payledger.command.account.AccountTestData.accountCredited;
import static com.payledger.command.account.AccountTestData.accountDebited;
import static com.payledger.command.account.AccountTestData.accountFixture;
import static com.payledger.command.account.AccountTestData.accountOpened;
import static com.payledger.command.account.AccountTestData.closeAccount;
import static com.payledger.command.account.AccountTestData.state;
import static com.payledger.command.rejection.Rejection.ACCOUNT_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.BALANCE_MUST_BE_ZERO;
import static com.payledger.command.rejection.Rejection.PRECONDITION_FAILED;

import com.payledger.command.rejection.LedgerRejected;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per outcome, the rejections in the precedence order of {@code Rejection}. */
class CloseAccountTest {

    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = accountFixture();
    }

    @Test
    void givenNoAccount_whenClosed_thenRejectedAccountNotFound() {
        fixture.givenNoPriorActivity()
                .when(closeAccount())
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(ACCOUNT_NOT_FOUND.name())
                .expectNoEvents();
    }

    @Test
    void givenBalance1_whenClosed_thenRejectedBalanceMustBeZero() {
        fixture.given(accountOpened(EARLIER), accountCredited("t-1", 1))
                .when(closeAccount())
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(BALANCE_MUST_BE_ZERO.name())
                .expectNoEvents();
    }

    @Test
    void givenBalanceMinus1InOverdraft_whenClosed_thenRejectedBalanceMustBeZero() {
        fixture.given(accountOpened(EARLIER), accountDebited("t-1", 1))
                .when(closeAccount())
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(BALANCE_MUST_BE_ZERO.name())
                .expectNoEvents();
    }

    @Test
    void givenLongMaxBalance_whenClosed_thenRejectedBalanceMustBeZero() {
        fixture.given(accountOpened(EARLIER), accountCredited("t-1", Long.MAX_VALUE))
                .when(closeAccount())
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(BALANCE_MUST_BE_ZERO.name());
    }

    @Test
    void givenFreshAccount_whenClosed_thenAccountClosedAtMicrosecondTime() {
        fixture.given(accountOpened(EARLIER))
                .when(closeAccount())
                .expectSuccessfulHandlerExecution()
                .expectEvents(accountClosed(NOW))
                .expectResultMessagePayload(state(false, 0, 1));
    }

    @Test
    void givenBalanceBackAtZeroAfterPostings_whenClosed_thenAccountClosed() {
        fixture.given(accountOpened(EARLIER), accountCredited("t-1", 700), accountDebited("t-2", 700))
                .when(closeAccount())
                .expectEvents(accountClosed(NOW))
                .expectResultMessagePayload(state(false, 0, 3));
    }

    /** If-Match: closed only while at a version named; a closed account answers as closed whatever it names. */
    @Test
    void givenAnAccountPastTheVersionIfMatchNames_whenClosed_thenPreconditionFailedUnlessClosedAlready() {
        fixture.given(accountOpened(EARLIER), accountCredited("t-1", 700), accountDebited("t-2", 700))
                .when(new CloseAccount(new AccountId(AccountTestData.ACCOUNT_ID), List.of(1L)))
                .expectExceptionMessage(PRECONDITION_FAILED.name())
                .expectNoEvents();
        fixture.given(accountOpened(EARLIER), accountCredited("t-1", 700), accountDebited("t-2", 700))
                .when(new CloseAccount(new AccountId(AccountTestData.ACCOUNT_ID), List.of(1L, 2L)))
                .expectEvents(accountClosed(NOW))
                .expectResultMessagePayload(state(false, 0, 3));
        fixture.given(accountOpened(EARLIER), accountClosed(EARLIER))
                .when(new CloseAccount(new AccountId(AccountTestData.ACCOUNT_ID), List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(state(false, 0, 1));
    }

    @Test
    void givenClosedAccount_whenClosedAgain_thenNoEventAndClosedStateReturned() {
        fixture.given(accountOpened(EARLIER), accountClosed(EARLIER))
                .when(closeAccount())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(state(false, 0, 1));
    }
}
