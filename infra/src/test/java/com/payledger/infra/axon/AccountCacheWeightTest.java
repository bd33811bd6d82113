package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.account.Account;
import com.payledger.command.account.AccountCommandHandler;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.account.StaleCopyCheck;
import com.payledger.command.web.InputRules;
import com.payledger.events.account.AccountType;
import java.time.Clock;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

/**
 * The account cache weighs each account by its name and metadata, through Axon's own caching repository: counted
 * one each, accounts opened with the largest metadata the API takes (about 37 KB each) would fill hundreds of MB.
 */
class AccountCacheWeightTest {

    private final BoundedAggregateCache cache = new BoundedAggregateCache(20, new AccountCacheWeight());
    private final CommandGateway commands = accountsCachedIn(cache);

    @Test
    void givenAPlainAccountAndOneWithTheLargestMetadata_whenCached_thenTheyWeighOneAndTen() {
        commands.sendAndWait(open("plain", Map.of()));
        assertThat(cache.weight()).isEqualTo(1);

        commands.sendAndWait(open("large", largestMetadata()));
        assertThat(cache.weight()).as("1 + 32 * (64 + 512) * 2 bytes / 4 KiB").isEqualTo(1 + 1 + 9);
    }

    @Test
    void givenAccountsWithLargeMetadata_whenMoreThanTheCacheHoldsAreUsed_thenItsWeightStaysWithinItsSize() {
        for (int i = 0; i < 5; i++) {
            commands.sendAndWait(open("large-" + i, largestMetadata()));
        }

        assertThat(cache.weight()).isLessThanOrEqualTo(20);
        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }

    private static OpenAccount open(String id, Map<String, String> metadata) {
        return new OpenAccount(new AccountId(id), "owner-1", Currency.getInstance("EUR"), AccountType.STANDARD, 0,
                null, metadata);
    }

    private static Map<String, String> largestMetadata() {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < InputRules.METADATA_ENTRIES_MAX; i++) {
            String key = String.format("%0" + InputRules.METADATA_KEY_LENGTH_MAX + "d", i);
            metadata.put(key, "v".repeat(InputRules.METADATA_VALUE_LENGTH_MAX));
        }
        return metadata;
    }

    private static CommandGateway accountsCachedIn(BoundedAggregateCache cache) {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        EventSourcingRepository<Account> accounts = EventSourcingRepository.builder(Account.class)
                .eventStore(store).cache(cache).build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new AccountCommandHandler(accounts, new StaleCopyCheck(store),
                Clock.systemUTC())).subscribe(bus);
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }
}
