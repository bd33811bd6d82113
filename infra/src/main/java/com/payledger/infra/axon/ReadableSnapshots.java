package com.payledger.infra.axon;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only a snapshot whose payload reads back. Axon reads a snapshot's payload lazily, when the repository
 * first touches the aggregate; one that fails then (a field renamed without a new revision, a damaged row) would
 * fail every command on the account instead of costing a replay of its events. Reading it here, once per load of
 * an account the cache does not hold, turns that into a skipped snapshot.
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
            serializer.deserialize(snapshot.getPayload());
            return true;
        } catch (RuntimeException | LinkageError unreadable) {
            LOG.warn("Skipped the snapshot of {} at sequence {}: it does not read back ({}); loading from the events",
                    snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), unreadable.toString());
            return false;
        }
    }
}
