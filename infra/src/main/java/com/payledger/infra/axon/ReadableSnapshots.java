package com.payledger.infra.axon;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only a snapshot whose payload reads back into its class. Axon reads a snapshot's payload lazily, when
 * the repository first touches the aggregate; one that fails then (a field removed without a new revision, a class
 * moved, a damaged row) would fail every command on the account instead of costing a replay of its events. Reading
 * it here, once per load of an account the cache does not hold, turns that into a skipped snapshot.
 */
final class ReadableSnapshots implements SnapshotFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ReadableSnapshots.class);

    private final Serializer serializer;

    ReadableSnapshots(Serializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        try {
            Object state = serializer.deserialize(snapshot.getPayload());
            // Axon's serializer answers a class it cannot find (the aggregate moved or was renamed) with a
            // placeholder instead of an error; the repository would then refuse every load of the account.
            if (state == null || state instanceof UnknownSerializedType) {
                throw new IllegalStateException("no class " + snapshot.getPayload().getType().getName());
            }
            return true;
        } catch (RuntimeException | LinkageError unreadable) {
            LOG.warn("Skipped the snapshot of {} at sequence {}: it does not read back ({}); loading from the events",
                    snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), unreadable.toString());
            return false;
        }
    }
}
