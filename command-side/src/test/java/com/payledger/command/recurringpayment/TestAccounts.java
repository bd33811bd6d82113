package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.CLOSED_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.OWNERS_CLOSED_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.OWNER_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.CREDIT_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.DEBIT_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.USD_ACCOUNT_ID;

import com.payledger.command.account.Account;
import com.payledger.command.account.AccountCommandHandler;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.CloseAccount;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.account.StaleCopyCheck;
import com.payledger.events.account.AccountType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;

/**
 * The accounts a schedule may pay between, as a real in-memory Axon stack: opened and closed through the production
 * {@link AccountCommandHandler}, so the schedule handler loads them exactly as it does in production.
 */
final class TestAccounts {

    private static final Clock OPENED = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private TestAccounts() {
    }

    /** The accounts' repository, and the check of cached copies against the same event store. */
    record Accounts(Repository<Account> repository, StaleCopyCheck staleCopies) {
    }

    /** alice and bob (EUR), carol (USD), dave (EUR, closed) and alice-old (alice's, EUR, closed). */
    static Accounts standard() {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        EventSourcingRepository<Account> accounts = EventSourcingRepository.builder(Account.class)
                .eventStore(store).build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new AccountCommandHandler(accounts, new StaleCopyCheck(store), OPENED))
                .subscribe(bus);
        CommandGateway commands = DefaultCommandGateway.builder().commandBus(bus).build();
        commands.sendAndWait(open(DEBIT_ACCOUNT_ID, "EUR"));
        commands.sendAndWait(open(CREDIT_ACCOUNT_ID, "EUR"));
        commands.sendAndWait(open(USD_ACCOUNT_ID, "USD"));
        commands.sendAndWait(open(CLOSED_ACCOUNT_ID, "EUR"));
        commands.sendAndWait(new CloseAccount(new AccountId(CLOSED_ACCOUNT_ID)));
        commands.sendAndWait(new OpenAccount(new AccountId(OWNERS_CLOSED_ACCOUNT_ID), OWNER_ID,
                Currency.getInstance("EUR"), AccountType.STANDARD, 0, null, Map.of()));
        commands.sendAndWait(new CloseAccount(new AccountId(OWNERS_CLOSED_ACCOUNT_ID)));
        return new Accounts(accounts, new StaleCopyCheck(store));
    }

    private static OpenAccount open(String accountId, String currency) {
        return new OpenAccount(new AccountId(accountId), "user-" + accountId, Currency.getInstance(currency),
                AccountType.STANDARD, 0, null, Map.of());
    }
}
