package com.payledger.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.Account;
import com.payledger.command.account.AccountCommandHandler;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.account.CloseAccount;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.account.StaleCopyCheck;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountEvent;
import com.payledger.events.account.AccountType;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

/**
 * The real command stack in memory: the production handlers and aggregate on a {@link SimpleCommandBus}, an
 * {@link EmbeddedEventStore} over {@link InMemoryEventStorageEngine}, and the {@link InMemoryTransferRegistry}. Every
 * command runs in its own unit of work, so a rejection rolls back its events and its transfer-id claim.
 */
final class InMemoryLedger {

    private final InMemoryEventStorageEngine storage;
    private final EmbeddedEventStore store;
    private final InMemoryTransferRegistry registry;
    private final Clock clock;
    private final CommandGateway commands;

    private InMemoryLedger(Clock clock, boolean cached) {
        this(new InMemoryEventStorageEngine(), new InMemoryTransferRegistry(), clock, cached);
    }

    private InMemoryLedger(InMemoryEventStorageEngine storage, InMemoryTransferRegistry registry, Clock clock,
                           boolean cached) {
        this.storage = storage;
        this.store = EmbeddedEventStore.builder().storageEngine(storage).build();
        this.registry = registry;
        this.clock = clock;
        EventSourcingRepository.Builder<Account> repository = EventSourcingRepository.builder(Account.class)
                .eventStore(store);
        if (cached) {
            repository.cache(new WeakReferenceCache());
        }
        EventSourcingRepository<Account> accounts = repository.build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new AccountCommandHandler(accounts, new StaleCopyCheck(store), clock))
                .subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new TransferCommandHandler(accounts, registry,
                new StaleCopyCheck(store), new AmountLimit(TransferRules.AMOUNT_MINOR_MAX), clock)).subscribe(bus);
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /**
     * A second instance of the service on the same event store and transfer ids, with an aggregate cache of its own:
     * what one instance writes, the other's cached copies do not see. Its gateway does not retry, so a test sees
     * each first answer.
     */
    InMemoryLedger anotherCachedInstance() {
        return new InMemoryLedger(storage, registry, clock, true);
    }

    /** Every load replays the account's whole stream, as in production without a cache. */
    static InMemoryLedger replaying(Clock clock) {
        return new InMemoryLedger(clock, false);
    }

    /** Accounts stay cached between commands, for tests that post thousands of transfers to one account. */
    static InMemoryLedger cached(Clock clock) {
        return new InMemoryLedger(clock, true);
    }

    AccountState openStandard(String accountId, String currency, long overdraftLimitMinor) {
        return send(new OpenAccount(new AccountId(accountId), "owner-" + accountId, Currency.getInstance(currency),
                AccountType.STANDARD, overdraftLimitMinor, null, Map.of()));
    }

    AccountState openExternal(String accountId, String currency) {
        return send(new OpenAccount(new AccountId(accountId), "owner-" + accountId, Currency.getInstance(currency),
                AccountType.EXTERNAL, 0, null, Map.of()));
    }

    AccountState close(String accountId) {
        return send(new CloseAccount(new AccountId(accountId)));
    }

    <R> R send(Object command) {
        return commands.sendAndWait(command);
    }

    /** Sends a command as an API client acting for {@code ownerId} would. */
    <R> R sendAs(String ownerId, Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(ActingOwner.METADATA_KEY, ownerId)));
    }

    /** Sends a command that must be rejected, and answers the rule it broke. */
    Rejection rejectionOf(Object command) {
        return rejection(() -> send(command), command);
    }

    /** Sends a command for {@code ownerId} that must be rejected, and answers the rule it broke. */
    Rejection rejectionAs(String ownerId, Object command) {
        return rejection(() -> sendAs(ownerId, command), command);
    }

    private static Rejection rejection(ThrowingCallable sending, Object command) {
        LedgerRejected rejected = catchThrowableOfType(LedgerRejected.class, sending);
        assertThat(rejected).as("rejection of %s", command).isNotNull();
        return rejected.rejection();
    }

    List<AccountEvent> events(String accountId) {
        return store.readEvents(accountId).asStream().map(message -> (AccountEvent) message.getPayload()).toList();
    }

    List<? extends DomainEventMessage<?>> eventMessages(String accountId) {
        return store.readEvents(accountId).asStream().toList();
    }

    /** The balance as the account's stream tells it, summed without the aggregate; exact, so it cannot wrap. */
    BigInteger balanceFromEvents(String accountId) {
        BigInteger balance = BigInteger.ZERO;
        for (AccountEvent event : events(accountId)) {
            if (event instanceof AccountCredited credited) {
                balance = balance.add(BigInteger.valueOf(credited.amount().amountMinor()));
            } else if (event instanceof AccountDebited debited) {
                balance = balance.subtract(BigInteger.valueOf(debited.amount().amountMinor()));
            }
        }
        return balance;
    }

    /** The number of events on all streams together. */
    long eventCount() {
        return storage.readEvents(null, false).count();
    }

    Map<String, PostedTransfer> claims() {
        return registry.claims();
    }
}
