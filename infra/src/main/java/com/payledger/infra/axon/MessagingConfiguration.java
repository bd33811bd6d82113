package com.payledger.infra.axon;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Command dispatch, event metadata, event-handler error handling and the clock. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /** The largest number of times a command is re-run after losing a race on the event store. */
    static final int CONFLICT_RETRIES_MAX = 12;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Event timestamps come from Axon's static clock: point it at the clock everything else uses. */
    @Bean
    SmartInitializingSingleton eventTimestampsFromTheClock(Clock clock) {
        return () -> GenericEventMessage.clock = clock;
    }

    /**
     * A retried command runs on this executor's thread, database transaction included, while its caller waits. As
     * many threads as the database pool has connections (each started only when needed), so that retries run as
     * much in parallel as first attempts can: with a fixed two, every conflict of an instance queued behind two.
     */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor(
            @Value("${spring.datasource.hikari.maximum-pool-size:16}") int databaseConnections) {
        return Executors.newScheduledThreadPool(databaseConnections, runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Conflicts on the event store (another instance appended to the same account first) are retried on fresh
     * state with exponential back-off. Nothing else is retried.
     */
    @Bean
    RetryScheduler commandRetryScheduler(ScheduledExecutorService commandRetryExecutor) {
        return new ConflictRetryScheduler(commandRetryExecutor, CONFLICT_RETRIES_MAX);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(commandRetryScheduler)
                .dispatchInterceptors(new HttpRequestMetadata())
                .build();
    }

    @Bean
    CorrelationDataProvider ledgerCorrelationData() {
        return new LedgerCorrelationData();
    }

    /**
     * Axon's default listener error handler logs and skips a failing event, so a projection would silently lose
     * data. Every handler failure propagates instead: in a subscribing projection it rolls the command back.
     */
    @Bean
    ConfigurerModule propagateEventHandlerFailures() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(configuration -> PropagatingErrorHandler.instance()));
    }
}
