package com.payledger.command.recurringpayment;

import static com.payledger.command.rejection.Rejection.SCHEDULE_LIMIT_REACHED;
import static com.payledger.command.rejection.Rejection.require;

import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentCompleted;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link ScheduleQuota} on the command-owned table {@code command_side.owner_schedules}.
 *
 * <p>A creation counts and records in the command's transaction, holding a lock on its owner until the commit, so
 * that concurrent creations, on any instance, cannot together pass the limit. The end of a schedule is recorded by
 * this subscribing handler in the transaction of the command or deadline that ends it.
 */
@Component
@ProcessingGroup(ScheduleQuota.PROCESSING_GROUP)
class JdbcScheduleQuota implements ScheduleQuota {

    private final JdbcTemplate jdbc;
    private final int perOwnerMax;

    JdbcScheduleQuota(JdbcTemplate jdbc,
                      @Value("${payledger.limits.schedules-per-owner:" + PER_OWNER_DEFAULT + "}") int perOwnerMax) {
        if (perOwnerMax < 1) {
            throw new IllegalArgumentException("PAYLEDGER_MAX_SCHEDULES_PER_OWNER must be at least 1, not "
                    + perOwnerMax);
        }
        this.jdbc = jdbc;
        this.perOwnerMax = perOwnerMax;
    }

    @Override
    public void admit(String ownerId, ScheduleId scheduleId) {
        // Held until this transaction ends: the next creation for the owner counts after this one committed.
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", row -> { },
                "payledger: schedules of " + ownerId);
        Integer running = jdbc.queryForObject("""
                select count(*) from command_side.owner_schedules
                 where owner_id = ? and ended_at is null and schedule_id <> ?""",
                Integer.class, ownerId, scheduleId.value());
        require(running != null && running < perOwnerMax, SCHEDULE_LIMIT_REACHED);
        jdbc.update("""
                insert into command_side.owner_schedules (schedule_id, owner_id) values (?, ?)
                on conflict (schedule_id) do nothing""", scheduleId.value(), ownerId);
    }

    @EventHandler
    void on(RecurringPaymentCompleted event) {
        ended(event.scheduleId(), event.completedAt());
    }

    @EventHandler
    void on(RecurringPaymentCancelled event) {
        ended(event.scheduleId(), event.cancelledAt());
    }

    private void ended(String scheduleId, Instant at) {
        jdbc.update("update command_side.owner_schedules set ended_at = ? where schedule_id = ? and ended_at is null",
                Timestamp.from(at), scheduleId);
    }
}
