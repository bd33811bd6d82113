package com.payledger.infra.schedule;

import static com.payledger.infra.support.Schedules.awaitOccurrence;
import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerInvariants;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two service instances share one database: both poll the deadlines and both could run the automation, yet each
 * occurrence of each schedule is paid exactly once.
 */
class ScheduleTwoInstancesIT {

    private static final int SCHEDULES = 12;

    @Test
    void givenTwoInstances_whenRunsComeDue_thenEveryOccurrenceIsPaidExactlyOnce() {
        String database = TestDatabase.newDatabase();
        LocalDate first = Schedules.today().plusDays(1);
        try (ServiceInstance one = ServiceInstance.start(database);
             ServiceInstance two = ServiceInstance.start(database)) {
            List<LedgerClient> clients = List.of(one.client(), two.client());
            clients.get(0).openAccount("bank", "EUR", "treasury", "EXTERNAL");
            clients.get(0).openAccount("payee", "EUR", "u-2", null);
            for (int i = 0; i < SCHEDULES; i++) {
                LedgerClient client = clients.get(i % 2);
                client.openAccount("payer-" + i, "EUR", "u-" + i, null);
                client.transfer("fund-" + i, "bank", "payer-" + i, 1_000, "EUR");
                assertThat(create(client, body("s-" + i, "payer-" + i, "payee", 10, "FREQ=DAILY", first, "08:00",
                        "UTC", Map.of())).status()).isEqualTo(201);
            }

            for (int day = 0; day < 2; day++) {
                LocalDate date = first.plusDays(day);
                TestClock.INSTANCE.advanceTo(ZonedDateTime.of(date, LocalTime.of(8, 0), ZoneOffset.UTC).toInstant()
                        .plusSeconds(1));
                for (int i = 0; i < SCHEDULES; i++) {
                    awaitOccurrence(clients.get((i + day) % 2), "s-" + i, date, "PAID");
                }
            }

            assertThat(clients.get(1).postedBalance("payee")).isEqualTo(SCHEDULES * 2 * 10L);
            Long debits = one.jdbc().queryForObject("""
                    select count(*) from event_store.domainevententry
                     where payloadtype like '%AccountDebited'
                       and convert_from(payload, 'UTF8')::json ->> 'transferId' like 'sched~%'""", Long.class);
            assertThat(debits).as("one debit per occurrence").isEqualTo(SCHEDULES * 2L);
            Long dues = one.jdbc().queryForObject("""
                    select count(*) from event_store.domainevententry
                     where payloadtype like '%RecurringPaymentDue'""", Long.class);
            assertThat(dues).as("each occurrence became due once").isEqualTo(SCHEDULES * 2L);
            LedgerInvariants.assertBalancesSumToZeroPerCurrency(one.jdbc());
        }
    }
}
