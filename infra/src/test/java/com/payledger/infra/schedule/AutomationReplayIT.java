package com.payledger.infra.schedule;

import static com.payledger.infra.support.Schedules.awaitOccurrence;
import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;

/**
 * History can be replayed, but never through the payment automation: it is {@code @DisallowReplay}, so Axon refuses
 * to reset its tokens at all, and the processor goes on from where it was without paying anything again.
 */
class AutomationReplayIT {

    @Test
    void givenPaidOccurrences_whenAReplayOfTheAutomationIsAttempted_thenItIsRefusedAndNothingIsPaid() {
        String database = TestDatabase.newDatabase();
        LocalDate first = Schedules.today().plusDays(1);
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("payer", "EUR", "u-1", null);
            client.openAccount("payee", "EUR", "u-2", null);
            client.transfer("fund", "bank", "payer", 1_000, "EUR");
            create(client, body("daily", "payer", "payee", 10, "FREQ=DAILY", first, "07:00", "UTC", Map.of()));
            TestClock.INSTANCE.advanceTo(ZonedDateTime.of(first, LocalTime.of(7, 0), ZoneOffset.UTC).toInstant()
                    .plusSeconds(1));
            awaitOccurrence(client, "daily", first, "PAID");
            long events = events(ledger);

            TrackingEventProcessor automation = ledger.context().getBean(EventProcessingConfiguration.class)
                    .eventProcessor("automation-recurring-payments", TrackingEventProcessor.class).orElseThrow();
            automation.shutDown();
            assertThatThrownBy(automation::resetTokens).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("do not support a reset");
            automation.start();
            Eventually.await(() -> automation.processingStatus().values().stream()
                            .allMatch(status -> status.isCaughtUp() && !status.isReplaying()),
                    done -> done, Duration.ofSeconds(30), "the automation to run again");

            assertThat(events(ledger)).as("the replay recorded nothing").isEqualTo(events);
            assertThat(client.postedBalance("payee")).isEqualTo(10);
        }
    }

    private static long events(ServiceInstance ledger) {
        return ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry", Long.class);
    }
}
