package com.payledger.infra.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payledger.command.account.Account;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.PlatformTransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL event store: Axon's JDBC storage engine on the Flyway-owned tables in schema {@code event_store},
 * JSON payloads, and PostgreSQL's conflict errors recognised as concurrency conflicts.
 *
 * <p>The engine, token store and transaction manager are declared here rather than left to Axon's auto-configuration:
 * Axon 4.13 orders its JDBC configuration after Spring Boot 3's class names, so on Boot 4 it runs before the
 * datasource exists and silently configures no event store at all.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        // Joins the Spring transaction of the unit of work: events, claims and read models commit together.
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * The live read models' writer, shared with the event store: their statements and a command's event insert go
     * to PostgreSQL in one request just before the commit.
     */
    @Bean
    BeforeCommitStatements beforeCommitStatements(JdbcTemplate jdbc) {
        return new BeforeCommitStatements(jdbc);
    }

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, EventSchema eventSchema,
                                          BeforeCommitStatements beforeCommitStatements) {
        Serializer snapshotSerializer = JacksonSerializer.builder()
                .objectMapper(EventJson.snapshotObjectMapper()).build();
        // Axon's default payload type (byte[]) and timestamp text stay: the deferred insert writes the same.
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(snapshotSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                // The aggregates' revision filters, and a snapshot that does not read back is skipped.
                .snapshotFilter(configuration.snapshotFilter().combine(new ReadableSnapshots(snapshotSerializer)))
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                // No event may commit after a tracking processor gave its index up: see AppendWindow.
                .gapTimeout(Math.toIntExact(AppendWindow.GAP_TIMEOUT.toMillis()))
                .maxGapOffset(AppendWindow.MAX_GAP_OFFSET);
        return new DeferredAppendStorageEngine(builder, beforeCommitStatements, new AppendWindow(),
                persistenceExceptionResolver, new GapExpiry(Clock.systemUTC(), AppendWindow.GAP_TIMEOUT));
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(tokenSchema)
                .build();
    }

    /**
     * The last accounts used, {@code payledger.aggregate-cache.size} units of them ({@link AccountCacheWeight}: an
     * account is one, plus one per 4 KiB of its name and metadata), strongly held ({@link BoundedAggregateCache});
     * correctness never depends on it. Turned off ({@code payledger.aggregate-cache.enabled=false}) only to measure
     * what it is worth: the transfer benchmark's naive configuration. Off, every command replays the account's
     * whole stream.
     */
    @Bean(Account.CACHE)
    Cache accountCache(@Value("${payledger.aggregate-cache.enabled:true}") boolean enabled,
                       @Value("${payledger.aggregate-cache.size:10000}") long size) {
        if (size < 1) {
            throw new IllegalArgumentException("payledger.aggregate-cache.size must be at least 1, not " + size);
        }
        return enabled ? new BoundedAggregateCache(size, new AccountCacheWeight()) : NoCache.INSTANCE;
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("event_store.domainevententry")
                .snapshotTable("event_store.snapshotevententry")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder().setTokenTable("event_store.tokenentry").build();
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresConflictResolver();
    }

    /** The event store's JSON, see {@link EventJson}. */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return EventJson.objectMapper();
    }
}
