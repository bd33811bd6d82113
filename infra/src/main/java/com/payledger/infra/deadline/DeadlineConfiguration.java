package com.payledger.infra.deadline;

import com.payledger.infra.axon.LedgerCorrelationData;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.payledger.query.audit.checkpoint.Checkpoints;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Durable deadlines: Axon's {@link DbSchedulerDeadlineManager} on db-scheduler's table in PostgreSQL, plus the
 * recurring checkpoint signer. Every instance
 * polls the table and each deadline fires on exactly one of them; a deadline whose time passed while all were down
 * fires on the next start. Declared here because db-scheduler's Spring Boot starter does not run on Boot 4, and
 * Axon's own auto-configuration for it is excluded so that this is the one place that decides.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    static final String TABLE = "scheduler.scheduled_tasks";
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /**
     * Axon's deadline task, retried after 1 s, 2 s, 4 s... up to every five minutes while it fails. Axon's own task
     * keeps db-scheduler's default of one retry after five minutes, so a deadline that lost a race with a command on
     * the same schedule (a conflict, resolved by simply running again) would fire five minutes late: past the
     * catch-up policy's on-time tolerance.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
        // Resolved lazily: the deadline manager needs the scheduler, which needs this task.
        Task<DbSchedulerBinaryDeadlineDetails> axon =
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
        return Tasks.oneTime(axon.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new CappedBackoff<>(Duration.ofSeconds(1), Duration.ofMinutes(5)))
                .execute((instance, execution) -> axon.execute(instance, execution));
    }

    /** Signs a checkpoint of the verifiable log every interval, on one instance of the cluster at a time. */
    @Bean
    RecurringTask<Void> checkpointTask(Checkpoints checkpoints,
                                       @Value("${payledger.checkpoints.interval:PT1M}") Duration interval) {
        // A zero or negative delay ran the task at every poll: a checkpoint signed and stored each second.
        if (interval == null || interval.toMillis() < 1) {
            throw new IllegalArgumentException("PAYLEDGER_CHECKPOINT_INTERVAL must be an ISO-8601 duration of at "
                    + "least 1 ms, such as PT1M, not " + interval);
        }
        return Tasks.recurring("audit-checkpoint", FixedDelay.of(interval))
                .execute((instance, context) -> checkpoints.signCurrentTree());
    }

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask,
                                RecurringTask<Void> checkpointTask, Clock clock,
                                @Value("${payledger.deadlines.polling-interval:PT1S}") Duration pollingInterval) {
        requireAtLeastOneMillisecond(pollingInterval);
        // The proxy lets a deadline scheduled by a command join that command's transaction: no deadline is left
        // behind by a command that rolled back, none is lost by one that committed.
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), deadlineDetailsTask)
                .startTasks(checkpointTask)
                .tableName(TABLE)
                .clock(clock::instant)
                .pollingInterval(pollingInterval)
                // An execution whose instance missed 6 heartbeats is dead and another instance runs it: with 30 s,
                // a payment that an instance had taken when it crashed was paid 3.5-4 minutes late, close to the
                // 5-minute tolerance within which a run counts as on time. A heartbeat is written only while an
                // execution runs, a few ms for a payment.
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .threads(2)
                .alwaysPersistTimestampInUTC()
                .build();
    }

    /**
     * db-scheduler waits the interval's whole milliseconds between polls, and not at all when there are none: a zero,
     * negative or sub-millisecond {@code PAYLEDGER_DEADLINE_POLLING_INTERVAL} made every instance query the table in
     * a busy loop, using a core and a database session while idle.
     */
    static void requireAtLeastOneMillisecond(Duration pollingInterval) {
        if (pollingInterval == null || pollingInterval.toMillis() < 1) {
            throw new IllegalArgumentException("PAYLEDGER_DEADLINE_POLLING_INTERVAL must be an ISO-8601 duration of "
                    + "at least 1 ms, such as PT1S, not " + pollingInterval);
        }
    }

    @Bean
    DeadlineManager deadlineManager(Scheduler deadlineScheduler, Configuration configuration,
                                    @Qualifier("eventSerializer") Serializer serializer,
                                    TransactionManager transactionManager) {
        DbSchedulerDeadlineManager deadlines = DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .startScheduler(false)
                .stopScheduler(false)
                .build();
        deadlines.registerHandlerInterceptor(LedgerCorrelationData.forDeadlines());
        return deadlines;
    }

    @Bean
    DeadlineSchedulerLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new DeadlineSchedulerLifecycle(deadlineScheduler);
    }
}
