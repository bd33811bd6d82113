package com.payledger.command.account;

import static com.payledger.command.account.AccountTestData.ACCOUNT_ID;
import static com.payledger.command.account.AccountTestData.EARLIER;
import static com.payledger.command.account.AccountTestData.EUR;
import static com.payledger.command.account.AccountTestData.NOW;
import static com.payledger.command.account.AccountTestData.OPERATOR;
import static com.payledger.command.account.AccountTestData.OVERDRAFT_LIMIT_MINOR;
import static com.payledger.command.account.AccountTestData.OWNER_ID;
import static com.payledger.command.account.AccountTestData.accountClosed;
import static com.payledger.command.account.AccountTestData.accountFixture;
import static com.payledger.command.account.AccountTestData.accountOpened;
import static com.payledger.command.account.AccountTestData.clientOf;

import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountOverdraftLimitChanged;
import com.payledger.events.account.AccountType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only the operator grants credit; a limit changes once per request, and only on an open STANDARD account. */
class ChangeOverdraftLimitTest {

    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = accountFixture();
    }

    @Test
    void givenAnAccount_whenTheOperatorChangesItsLimit_thenChangedAtTheLatestStatedTime() {
        Instant later = NOW.plusSeconds(60);
        fixture.given(accountOpened(EARLIER),
                        new AccountDebited(ACCOUNT_ID, "t-1", "bob", Money.of(400, "EUR"), null, Map.of(), later))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 100), OPERATOR)
                .expectEvents(new AccountOverdraftLimitChanged(ACCOUNT_ID, 100, later))
                .expectResultMessagePayloadMatching(Matchers.predicate((AccountState state) ->
                        state.overdraftLimit().amountMinor() == 100 && state.balance().amountMinor() == -400));
    }

    /** The opening's retry names the limit it was opened with, not the one the operator set since. */
    @Test
    void givenAChangedLimit_whenTheOpeningIsRetriedIdentically_thenItsAnswerNotAConflict() {
        fixture.given(accountOpened(EARLIER), new AccountOverdraftLimitChanged(ACCOUNT_ID, 100, EARLIER))
                .when(AccountTestData.openAccount(), OPERATOR)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenTheSameLimit_whenChangedAgain_thenNothingRecorded() {
        fixture.given(accountOpened(EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), OVERDRAFT_LIMIT_MINOR), OPERATOR)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenItsOwnersClient_whenItChangesTheLimit_thenRefused() {
        fixture.given(accountOpened(EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 1_000_000), clientOf(OWNER_ID))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.OVERDRAFT_NEEDS_OPERATOR.name())
                .expectNoEvents();
    }

    @Test
    void givenAnExternalOrAClosedAccount_whenTheOperatorChangesItsLimit_thenRefused() {
        fixture.given(new AccountOpened(ACCOUNT_ID, OWNER_ID, AccountType.EXTERNAL, EUR, 0, null, Map.of(), EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 1), OPERATOR)
                .expectExceptionMessage(Rejection.NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT.name())
                .expectNoEvents();
        fixture.given(accountOpened(EARLIER), accountClosed(EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 1), OPERATOR)
                .expectExceptionMessage(Rejection.ACCOUNT_CLOSED.name())
                .expectNoEvents();
    }

    /** If-Match: the late retry of a change, made after a later change, must not undo that one. */
    @Test
    void givenAnAccountPastTheVersionIfMatchNames_whenItsLimitIsChanged_thenPreconditionFailedAndNothingRecorded() {
        fixture.given(accountOpened(EARLIER), new AccountOverdraftLimitChanged(ACCOUNT_ID, 0, EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 100, List.of(0L)), OPERATOR)
                .expectExceptionMessage(Rejection.PRECONDITION_FAILED.name())
                .expectNoEvents();
        fixture.given(accountOpened(EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 100, List.of()), OPERATOR)
                .expectExceptionMessage(Rejection.PRECONDITION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void givenAnAccountAtAVersionIfMatchNames_whenItsLimitIsChanged_thenChangedAndTheNewVersionAnswered() {
        fixture.given(accountOpened(EARLIER), new AccountOverdraftLimitChanged(ACCOUNT_ID, 0, EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 100, List.of(0L, 1L)), OPERATOR)
                .expectEvents(new AccountOverdraftLimitChanged(ACCOUNT_ID, 100, NOW))
                .expectResultMessagePayloadMatching(Matchers.predicate((AccountState state) ->
                        state.overdraftLimit().amountMinor() == 100 && state.version() == 2));
    }

    /** The retry of a change whose answer was lost finds the account past the version it named, and as it asked. */
    @Test
    void givenTheLimitAlreadyAsAsked_whenChangedOnAPassedVersion_thenAnsweredAsTheFirstTime() {
        fixture.given(accountOpened(EARLIER), new AccountOverdraftLimitChanged(ACCOUNT_ID, 100, EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 100, List.of(0L)), OPERATOR)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** The precondition comes first (RFC 9110): a closed account past the version named answers 412, not 422. */
    @Test
    void givenAClosedAccountPastTheVersionIfMatchNames_whenItsLimitIsChanged_thenPreconditionFailed() {
        fixture.given(accountOpened(EARLIER), accountClosed(EARLIER))
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), OVERDRAFT_LIMIT_MINOR, List.of(0L)),
                        OPERATOR)
                .expectExceptionMessage(Rejection.PRECONDITION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void givenNoSuchAccount_whenTheOperatorChangesItsLimit_thenNotFound() {
        fixture.givenNoPriorActivity()
                .when(new ChangeOverdraftLimit(new AccountId(ACCOUNT_ID), 1), OPERATOR)
                .expectExceptionMessage(Rejection.ACCOUNT_NOT_FOUND.name());
    }
}
