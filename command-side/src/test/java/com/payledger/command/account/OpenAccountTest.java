package com.payledger.command.account;

import static com.payledger.command.account.AccountTestData.ACCOUNT_ID;
import static com.payledger.command.account.AccountTestData.EARLIER;
import static com.payledger.command.account.AccountTestData.EUR;
import static com.payledger.command.account.AccountTestData.JPY;
import static com.payledger.command.account.AccountTestData.METADATA;
import static com.payledger.command.account.AccountTestData.NAME;
import static com.payledger.command.account.AccountTestData.NOW;
import static com.payledger.command.account.AccountTestData.OPERATOR;
import static com.payledger.command.account.AccountTestData.OVERDRAFT_LIMIT_MINOR;
import static com.payledger.command.account.AccountTestData.OWNER_ID;
import static com.payledger.command.account.AccountTestData.accountClosed;
import static com.payledger.command.account.AccountTestData.accountCredited;
import static com.payledger.command.account.AccountTestData.accountFixture;
import static com.payledger.command.account.AccountTestData.accountOpened;
import static com.payledger.command.account.AccountTestData.clientOf;
import static com.payledger.command.account.AccountTestData.openAccount;
import static com.payledger.command.account.AccountTestData.state;
import static com.payledger.command.rejection.Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD;

import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.Money;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountType;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAccountTest {

    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = accountFixture();
    }

    @Test
    void givenNoAccount_whenOpened_thenAccountOpenedWithAllFieldsAndMicrosecondTime() {
        fixture.givenNoPriorActivity()
                .when(openAccount())
                .expectSuccessfulHandlerExecution()
                .expectEvents(accountOpened(NOW))
                .expectResultMessagePayload(state(true, 0, 0));
    }

    @Test
    void givenNoAccount_whenExternalAccountOpenedWithoutNameOrMetadata_thenAccountOpenedWithEmptyMetadata() {
        OpenAccount command = new OpenAccount(new AccountId("bank.settlement:eur"), "treasury", EUR,
                AccountType.EXTERNAL, 0, null, null);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectEvents(new AccountOpened("bank.settlement:eur", "treasury", AccountType.EXTERNAL, EUR, 0,
                        null, Map.of(), NOW))
                .expectResultMessagePayload(new AccountState("bank.settlement:eur", "treasury", AccountType.EXTERNAL,
                        true, Money.zero(EUR), Money.zero(EUR), null, Map.of(), 0));
    }

    @Test
    void givenAClientsKey_whenItOpensAnExternalAccount_evenForItself_thenRejectedAndNothingRecorded() {
        OpenAccount external = new OpenAccount(new AccountId("mint"), "mallory", EUR, AccountType.EXTERNAL, 0, null,
                null);
        fixture.givenNoPriorActivity()
                .when(external, clientOf("mallory"))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.EXTERNAL_ACCOUNT_NEEDS_OPERATOR.name())
                .expectNoEvents();
    }

    @Test
    void givenTheOperator_whenItOpensAnExternalAccountForAnOwner_thenOpened() {
        OpenAccount external = new OpenAccount(new AccountId("bank"), "treasury", EUR, AccountType.EXTERNAL, 0, null,
                null);
        fixture.givenNoPriorActivity()
                .when(external, OPERATOR)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountOpened("bank", "treasury", AccountType.EXTERNAL, EUR, 0, null, Map.of(), NOW));
    }

    @Test
    void givenAnExternalAccountWithABalance_whenTheOperatorRetriesItsOpening_thenTheOpeningsAnswerWithoutTheBalance() {
        // The operator may not read an EXTERNAL account's money: its retry must not show it either.
        OpenAccount external = new OpenAccount(new AccountId("bank"), "treasury", EUR, AccountType.EXTERNAL, 0, null,
                null);
        fixture.given(new AccountOpened("bank", "treasury", AccountType.EXTERNAL, EUR, 0, null, Map.of(), EARLIER),
                        new AccountDebited("bank", "t-1", "alice", Money.of(700, "EUR"), null, Map.of(), EARLIER))
                .when(external, OPERATOR)
                .expectNoEvents()
                .expectResultMessagePayload(new AccountState("bank", "treasury", AccountType.EXTERNAL, true,
                        Money.zero(EUR), Money.zero(EUR), null, Map.of(), 0));
    }

    /** An overdraft is credit: a client that granted itself one paid others with money nothing backed. */
    @Test
    void givenAClientsKey_whenItOpensAnAccountWithAnOverdraft_evenForItself_thenRejectedAndNothingRecorded() {
        fixture.givenNoPriorActivity()
                .when(openAccount(), clientOf(OWNER_ID))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.OVERDRAFT_NEEDS_OPERATOR.name())
                .expectNoEvents();
    }

    @Test
    void givenTheOperator_whenItOpensAnAccountWithAnOverdraftForAnOwner_thenOpened() {
        fixture.givenNoPriorActivity()
                .when(openAccount(), OPERATOR)
                .expectSuccessfulHandlerExecution()
                .expectEvents(accountOpened(NOW));
    }

    /** An opening with an overdraft a client made before the rule keeps its answer on an identical retry. */
    @Test
    void givenAnAccountWithAnOverdraft_whenItsOwnersClientRetriesTheOpening_thenItsStateAndNothingRecorded() {
        fixture.given(accountOpened(EARLIER))
                .when(openAccount(), clientOf(OWNER_ID))
                .expectNoEvents()
                .expectResultMessagePayload(state(true, 0, 0));
    }

    /** A taken id does not change the answer: the refusal comes before any comparison, as documented. */
    @Test
    void givenAnAccountWithAnotherOpening_whenItsOwnersClientAsksForAnOverdraftOnItsId_thenRefusedNotAConflict() {
        fixture.given(new AccountOpened(ACCOUNT_ID, OWNER_ID, AccountType.STANDARD, EUR, 0, null, Map.of(), EARLIER))
                .when(openAccount(), clientOf(OWNER_ID))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.OVERDRAFT_NEEDS_OPERATOR.name())
                .expectNoEvents();
    }

    @Test
    void givenAnAccountWithAnOverdraft_whenAnotherOwnersClientSendsItsOpening_thenRejected() {
        fixture.given(accountOpened(EARLIER))
                .when(openAccount(), clientOf("mallory"))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.OVERDRAFT_NEEDS_OPERATOR.name())
                .expectNoEvents();
    }

    /** The operator grants credit; an account without any is its owner's client's to open. */
    @Test
    void givenTheOperator_whenItOpensAStandardAccountWithoutOverdraft_thenRejectedAsForeign() {
        OpenAccount plain = new OpenAccount(new AccountId(ACCOUNT_ID), OWNER_ID, EUR, AccountType.STANDARD, 0, null,
                null);
        fixture.givenNoPriorActivity()
                .when(plain, OPERATOR)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.FOREIGN_OWNER.name())
                .expectNoEvents();
    }

    @Test
    void givenAccountOpened_whenOpenedAgainIdentically_thenNoEventAndExistingStateReturned() {
        fixture.given(accountOpened(EARLIER))
                .when(openAccount())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(state(true, 0, 0));
    }

    @Test
    void givenAccountWithBalance_whenOpenedAgainIdentically_thenNoEventAndCurrentBalanceAndVersionReturned() {
        fixture.given(accountOpened(EARLIER), accountCredited("t-1", 250), accountCredited("t-2", 50))
                .when(openAccount())
                .expectNoEvents()
                .expectResultMessagePayload(state(true, 300, 2));
    }

    @Test
    void givenClosedAccount_whenOpenedAgainIdentically_thenNoEventAndClosedStateReturned() {
        fixture.given(accountOpened(EARLIER), accountClosed(EARLIER))
                .when(openAccount())
                .expectNoEvents()
                .expectResultMessagePayload(state(false, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openingsDifferingInOneField")
    void givenAccountOpened_whenOpenedAgainWithDifferentPayload_thenRejectedIdReusedWithDifferentPayload(
            String differingField, OpenAccount command) {
        fixture.given(accountOpened(EARLIER))
                .when(command)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(ID_REUSED_WITH_DIFFERENT_PAYLOAD.name())
                .expectNoEvents();
    }

    static Stream<Arguments> openingsDifferingInOneField() {
        AccountId id = new AccountId(ACCOUNT_ID);
        AccountType standard = AccountType.STANDARD;
        return Stream.of(
                Arguments.of("ownerId", new OpenAccount(id, "user-2", EUR, standard, OVERDRAFT_LIMIT_MINOR, NAME,
                        METADATA)),
                Arguments.of("currency", new OpenAccount(id, OWNER_ID, JPY, standard, OVERDRAFT_LIMIT_MINOR, NAME,
                        METADATA)),
                // An EXTERNAL account has no overdraft limit, so the type change carries a limit of 0.
                Arguments.of("type", new OpenAccount(id, OWNER_ID, EUR, AccountType.EXTERNAL, 0, NAME, METADATA)),
                Arguments.of("overdraftLimit", new OpenAccount(id, OWNER_ID, EUR, standard,
                        OVERDRAFT_LIMIT_MINOR + 1, NAME, METADATA)),
                Arguments.of("name", new OpenAccount(id, OWNER_ID, EUR, standard, OVERDRAFT_LIMIT_MINOR, "Savings",
                        METADATA)),
                Arguments.of("name missing", new OpenAccount(id, OWNER_ID, EUR, standard, OVERDRAFT_LIMIT_MINOR,
                        null, METADATA)),
                Arguments.of("metadata", new OpenAccount(id, OWNER_ID, EUR, standard, OVERDRAFT_LIMIT_MINOR, NAME,
                        Map.of("branch", "munich"))),
                Arguments.of("metadata missing", new OpenAccount(id, OWNER_ID, EUR, standard,
                        OVERDRAFT_LIMIT_MINOR, NAME, null)));
    }
}
