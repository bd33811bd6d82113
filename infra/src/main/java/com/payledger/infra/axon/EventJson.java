package com.payledger.infra.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How events, snapshots and deadlines are written to the database: Jackson 2 (Axon's serializer; the HTTP layer
 * uses Jackson 3), with instants and durations as ISO-8601 text so that stored payloads stay readable to an auditor
 * with nothing but SQL. One definition, shared by the service and the schema tests.
 */
public final class EventJson {

    private EventJson() {
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /**
     * Snapshots: an aggregate's state is its private fields, which have no getters, so fields are read and written
     * as they are. A field the class no longer has fails to read (the snapshot is then skipped), but one it gained
     * would read as its default: a change of fields needs a new snapshot revision, which a test pins.
     */
    public static ObjectMapper snapshotObjectMapper() {
        ObjectMapper mapper = objectMapper();
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return mapper;
    }
}
