package com.payledger.command.recurringpayment;

import static com.payledger.command.rejection.Rejection.SCHEDULE_LIMIT_REACHED;
import static com.payledger.command.rejection.Rejection.require;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * {@link ScheduleQuota} in memory for tests: like the real table, an admission belongs to the unit of work that made
 * it, and a rolled-back creation frees its place. Schedules never end here (the table's ends are fed by events, which
 * an aggregate fixture does not publish to handlers): the integration tests cover those.
 */
final class InMemoryScheduleQuota implements ScheduleQuota {

    private final int perOwnerMax;
    private final Map<String, Set<String>> running = new ConcurrentHashMap<>();

    InMemoryScheduleQuota(int perOwnerMax) {
        this.perOwnerMax = perOwnerMax;
    }

    @Override
    public void admit(String ownerId, ScheduleId scheduleId) {
        Set<String> owned = running.computeIfAbsent(ownerId, owner -> ConcurrentHashMap.newKeySet());
        long others = owned.stream().filter(id -> !id.equals(scheduleId.value())).count();
        require(others < perOwnerMax, SCHEDULE_LIMIT_REACHED);
        // Outside a unit of work: a test seeding the owner's other schedules.
        if (owned.add(scheduleId.value()) && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(unitOfWork -> owned.remove(scheduleId.value()));
        }
    }
}
