package com.payledger.infra.axon;

import com.payledger.command.account.Account;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * Account snapshots. The aggregate cache spares a command the account's stream while the account stays cached; an
 * account it does not hold (after a restart, once evicted, or after another instance wrote to it and the stale copy
 * was dropped on the conflict) is loaded from the event store. Without snapshots that load reads the whole stream,
 * which on a busy account grows without bound. With them it reads the latest snapshot and about
 * {@code payledger.snapshots.threshold} events after it at most (more only while a snapshot is still being taken).
 *
 * <p>A snapshot is a cache of state, never history: audits, proofs, rebuilds and point-in-time balances read the
 * events only. A snapshot of another {@link Account#SNAPSHOT_REVISION}, or one that does not read back, is skipped
 * ({@link ReadableSnapshots}), and any of them may be deleted at any time.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {

    /** {@code payledger.snapshots.threshold}: snapshot an account every that many events; 0 takes none. */
    @Bean(Account.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${payledger.snapshots.threshold:250}") int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("payledger.snapshots.threshold must be 0 (no snapshots) or more, not "
                    + threshold);
        }
        return threshold == 0 ? NoSnapshotTriggerDefinition.INSTANCE
                : new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Takes the snapshots on {@link SnapshotThread}'s thread, after the command's commit, not in the request; its queue
     * and the tasks it finished are the metrics {@code payledger.snapshots.queued} and
     * {@code payledger.snapshots.finished}.
     */
    @Bean
    SnapshotThread snapshotThread(ObjectProvider<MeterRegistry> registry) {
        SnapshotThread thread = new SnapshotThread();
        registry.ifAvailable(meters -> {
            Gauge.builder("payledger.snapshots.queued", thread, SnapshotThread::queued)
                    .description("account snapshots waiting for the snapshot thread").register(meters);
            FunctionCounter.builder("payledger.snapshots.finished", thread, SnapshotThread::finished)
                    .description("account snapshot tasks run to their end, stored or failed").register(meters);
        });
        return thread;
    }

    /** As Axon's auto-configuration builds it (which steps back for this one), but on {@link SnapshotThread}. */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotThread thread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(thread.executor())
                .build();
    }
}
