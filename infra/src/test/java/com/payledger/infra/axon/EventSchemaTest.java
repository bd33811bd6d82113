package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.payledger.events.Money;
import com.payledger.events.account.AccountClosed;
import com.payledger.events.account.AccountCredited;
import com.payledger.events.account.AccountDebited;
import com.payledger.events.account.AccountEvent;
import com.payledger.events.account.AccountOverdraftLimitChanged;
import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountType;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.RecurringPaymentAbandoned;
import com.payledger.events.recurringpayment.RecurringPaymentAmountChanged;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentCompleted;
import com.payledger.events.recurringpayment.RecurringPaymentDue;
import com.payledger.events.recurringpayment.RecurringPaymentEvent;
import com.payledger.events.recurringpayment.RecurringPaymentFailed;
import com.payledger.events.recurringpayment.RecurringPaymentNextRunPlanned;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceMissed;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceSkipped;
import com.payledger.events.recurringpayment.RecurringPaymentPaid;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import com.payledger.events.recurringpayment.RecurringPaymentResumed;
import com.payledger.events.recurringpayment.RecurringPaymentScheduled;
import com.payledger.events.recurringpayment.RecurringPaymentSuspended;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every persisted event shape is pinned by a golden JSON file per type and revision
 * ({@code src/test/resources/events/<Type>.v<revision>.json}), written with the event store's own serializer. A
 * change to an event that alters its stored JSON fails here, so it cannot happen by accident: it needs a new
 * {@code @Revision}, a new golden file and an upcaster for the old one. Every event type must have a sample below,
 * so a new type cannot slip past either.
 */
class EventSchemaTest {

    private static final ObjectMapper SERIALIZER = EventJson.objectMapper();
    private static final Instant AT = Instant.parse("2027-01-31T08:00:00.123456Z");
    private static final LocalDate DAY = LocalDate.of(2027, 1, 31);
    private static final Money EUR_25 = Money.of(2500, "EUR");

    static Stream<Object> events() {
        Map<Class<?>, Object> samples = Map.ofEntries(
                Map.entry(AccountOpened.class, new AccountOpened("acc-1", "owner-1", AccountType.STANDARD,
                        java.util.Currency.getInstance("EUR"), 1000, "Alice", Map.of("tier", "gold"), AT)),
                Map.entry(AccountDebited.class, new AccountDebited("acc-1", "t-1", "acc-2", EUR_25, "rent",
                        Map.of("invoice", "7"), AT)),
                Map.entry(AccountCredited.class, new AccountCredited("acc-2", "t-1", "acc-1", EUR_25, "rent",
                        Map.of("invoice", "7"), AT)),
                Map.entry(AccountClosed.class, new AccountClosed("acc-1", AT)),
                Map.entry(AccountOverdraftLimitChanged.class, new AccountOverdraftLimitChanged("acc-1", 50_000, AT)),
                Map.entry(RecurringPaymentScheduled.class, new RecurringPaymentScheduled("rent", "owner-1", "acc-1",
                        "acc-2", EUR_25, "rent", new Recurrence("FREQ=MONTHLY;BYMONTHDAY=31", DAY,
                        LocalTime.of(9, 0), "Europe/Berlin", ShortMonthPolicy.CLAMP), CatchUpPolicy.RUN_ALL,
                        Duration.ofDays(7), List.of(Duration.ofHours(1), Duration.ofHours(6)), 3, AT)),
                Map.entry(RecurringPaymentPaused.class, new RecurringPaymentPaused("rent", DAY, AT)),
                Map.entry(RecurringPaymentResumed.class, new RecurringPaymentResumed("rent", AT)),
                Map.entry(RecurringPaymentAmountChanged.class, new RecurringPaymentAmountChanged("rent", EUR_25, AT)),
                Map.entry(RecurringPaymentCancelled.class, new RecurringPaymentCancelled("rent", AT)),
                Map.entry(RecurringPaymentOccurrenceSkipped.class,
                        new RecurringPaymentOccurrenceSkipped("rent", DAY, AT)),
                Map.entry(RecurringPaymentOccurrenceMissed.class, new RecurringPaymentOccurrenceMissed("rent", DAY,
                        AT, "CATCH_UP_POLICY", AT)),
                Map.entry(RecurringPaymentDue.class, new RecurringPaymentDue("rent", DAY, 1, "sched~rent~2027-01-31",
                        "acc-1", "acc-2", EUR_25, "rent", AT)),
                Map.entry(RecurringPaymentPaid.class, new RecurringPaymentPaid("rent", DAY, 1,
                        "sched~rent~2027-01-31", AT)),
                Map.entry(RecurringPaymentFailed.class, new RecurringPaymentFailed("rent", DAY, 1,
                        "EXCEEDS_AVAILABLE_BALANCE", AT, AT)),
                Map.entry(RecurringPaymentAbandoned.class, new RecurringPaymentAbandoned("rent", DAY, 4,
                        "EXCEEDS_AVAILABLE_BALANCE", true, AT)),
                Map.entry(RecurringPaymentSuspended.class, new RecurringPaymentSuspended("rent", 3, AT)),
                Map.entry(RecurringPaymentCompleted.class, new RecurringPaymentCompleted("rent", AT)),
                Map.entry(RecurringPaymentNextRunPlanned.class, new RecurringPaymentNextRunPlanned("rent", DAY, AT,
                        12)));
        List<Class<?>> types = new ArrayList<>();
        types.addAll(Arrays.asList(AccountEvent.class.getPermittedSubclasses()));
        types.addAll(Arrays.asList(RecurringPaymentEvent.class.getPermittedSubclasses()));
        assertThat(samples.keySet()).as("a sample for every event type").containsExactlyInAnyOrderElementsOf(types);
        return types.stream().map(samples::get);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theStoredShapeOfEveryEventMatchesItsGoldenJson(Object event) throws IOException {
        Revision revision = event.getClass().getAnnotation(Revision.class);
        assertThat(revision).as("every event carries a @Revision").isNotNull();
        String name = event.getClass().getSimpleName() + ".v" + revision.value() + ".json";
        // Parsed from the written text, as a stored payload is: node types then compare like for like.
        JsonNode actual = SERIALIZER.readTree(SERIALIZER.writeValueAsString(event));
        try (InputStream golden = getClass().getResourceAsStream("/events/" + name)) {
            if (golden == null) {
                Path candidate = Path.of("target", "golden-candidates", name);
                Files.createDirectories(candidate.getParent());
                Files.writeString(candidate, SERIALIZER.copy().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(actual) + "\n");
                fail("no golden JSON for " + name + "; if the new shape is intended, copy " + candidate
                        + " to src/test/resources/events/");
            }
            JsonNode expected = SERIALIZER.readTree(golden);
            assertThat(actual).as("the stored JSON of " + name + " changed: add a @Revision and an upcaster")
                    .isEqualTo(expected);
            assertThat(SERIALIZER.treeToValue(expected, event.getClass())).as("golden JSON reads back")
                    .isEqualTo(event);
        }
    }
}
