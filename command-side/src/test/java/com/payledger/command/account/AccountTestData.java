package com.payledger.command.account;

import com.payledger.command.access.ActingOwner;
import com.payledger.events.Money;
import com.payledger.events.account.AccountClosed;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

/** Factory helpers for the account tests: one typical account, its commands and the events it records. */
final class AccountTestData {

    static final String ACCOUNT_ID = "acc-1";
    static final String OWNER_ID = "user-1";
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency JPY = Currency.getInstance("JPY");
    static final long OVERDRAFT_LIMIT_MINOR = 5_000;
    static final String NAME = "Household";
    static final Map<String, String> METADATA = Map.of("branch", "berlin");

    /** The clock has nanoseconds on purpose: the handler must record them truncated to microseconds. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:15:30.123456789Z"), ZoneOffset.UTC);
    static final Instant NOW = Instant.parse("2026-11-29T10:15:30.123456Z");
    static final Instant EARLIER = Instant.parse("2026-11-01T08:00:00Z");

    /** A command's metadata from the operator (an ADMIN key), who acts for no owner. */
    static final Map<String, String> OPERATOR = Map.of(ActingOwner.METADATA_KEY, ActingOwner.NOBODY,
            ActingOwner.OPERATOR_METADATA_KEY, "true");

    private AccountTestData() {
    }

    /** A command's metadata from {@code ownerId}'s client (a CLIENT key). */
    static Map<String, String> clientOf(String ownerId) {
        return Map.of(ActingOwner.METADATA_KEY, ownerId, ActingOwner.OPERATOR_METADATA_KEY, "false");
    }

    /** An account aggregate with the real command handler, its clock fixed at {@link #CLOCK}. */
    static FixtureConfiguration<Account> accountFixture() {
        FixtureConfiguration<Account> fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerAnnotatedCommandHandler(new AccountCommandHandler(fixture.getRepository(),
                new StaleCopyCheck(fixture.getEventStore()), CLOCK));
        return fixture;
    }

    static OpenAccount openAccount() {
        return new OpenAccount(new AccountId(ACCOUNT_ID), OWNER_ID, EUR, AccountType.STANDARD, OVERDRAFT_LIMIT_MINOR,
                NAME, METADATA);
    }

    static CloseAccount closeAccount() {
        return new CloseAccount(new AccountId(ACCOUNT_ID));
    }

    /** The event {@link #openAccount()} records, opened at {@code openedAt}. */
    static AccountOpened accountOpened(Instant openedAt) {
        return new AccountOpened(ACCOUNT_ID, OWNER_ID, AccountType.STANDARD, EUR, OVERDRAFT_LIMIT_MINOR, NAME,
                METADATA, openedAt);
    }

    static AccountCredited accountCredited(String transferId, long amountMinor) {
        return new AccountCredited(ACCOUNT_ID, transferId, "bank", eur(amountMinor), "top-up", Map.of(), EARLIER);
    }

    static AccountDebited accountDebited(String transferId, long amountMinor) {
        return new AccountDebited(ACCOUNT_ID, transferId, "shop", eur(amountMinor), "groceries", Map.of(), EARLIER);
    }

    static AccountClosed accountClosed(Instant closedAt) {
        return new AccountClosed(ACCOUNT_ID, closedAt);
    }

    /** What open and close answer for {@link #openAccount()}'s account. */
    static AccountState state(boolean open, long balanceMinor, long version) {
        return new AccountState(ACCOUNT_ID, OWNER_ID, AccountType.STANDARD, open, eur(balanceMinor),
                eur(OVERDRAFT_LIMIT_MINOR), NAME, METADATA, version);
    }

    static Money eur(long amountMinor) {
        return new Money(amountMinor, EUR);
    }
}
