package com.payledger.infra.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.events.account.AccountOpened;
import com.payledger.events.account.AccountType;
import com.payledger.infra.axon.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * The golden JSON of AccountOpened revision 1, exactly as that revision was stored, read through the event store's
 * serializer and upcaster chain, is today's AccountOpened.
 */
class AccountOpenedRevision1UpcasterTest {

    private static final Serializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(EventJson.objectMapper()).build();

    @Test
    void givenRevision1GoldenJson_whenReadThroughTheUpcasterChain_thenItIsTheCurrentShape() throws IOException {
        byte[] stored;
        try (InputStream golden = getClass().getResourceAsStream("/events/AccountOpened.v1.json")) {
            stored = golden.readAllBytes();
        }

        List<IntermediateEventRepresentation> upcasted = new EventUpcasterChain(new AccountOpenedRevision1Upcaster())
                .upcast(Stream.of(stored(stored, "1"))).toList();

        assertThat(upcasted).hasSize(1);
        assertThat(upcasted.get(0).getType().getRevision()).isEqualTo("2");
        AccountOpened event = SERIALIZER.deserialize(upcasted.get(0).getData());
        assertThat(event).isEqualTo(new AccountOpened("acc-1", "owner-1", AccountType.STANDARD,
                Currency.getInstance("EUR"), 1000, "Alice", Map.of("tier", "gold"),
                Instant.parse("2027-01-31T08:00:00.123456Z")));
    }

    @Test
    void givenRevision2_whenReadThroughTheChain_thenItPassesUntouched() {
        byte[] revision2 = "{\"accountId\":\"a\"}".getBytes(StandardCharsets.UTF_8);

        List<IntermediateEventRepresentation> upcasted = new EventUpcasterChain(new AccountOpenedRevision1Upcaster())
                .upcast(Stream.of(stored(revision2, "2"))).toList();

        assertThat(upcasted.get(0).getType().getRevision()).isEqualTo("2");
        assertThat(upcasted.get(0).getData(byte[].class).getData()).isEqualTo(revision2);
    }

    private static IntermediateEventRepresentation stored(byte[] payload, String revision) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("AccountOpened", "acc-1", 0, "event-1",
                Instant.parse("2027-01-31T08:00:00.123Z"), AccountOpened.class.getName(), revision, payload,
                "{}".getBytes(StandardCharsets.UTF_8)), SERIALIZER);
    }
}
