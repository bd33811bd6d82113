package com.payledger.command.account;

import com.payledger.command.rejection.LedgerRejected;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Makes a rejection final only when it was decided on current accounts. An instance decides on the copy of an account
 * in its aggregate cache, which another instance may have moved past. A command that writes then clashes on the
 * stream's key and is decided again; a rejection writes nothing, so nothing caught it: an account funded through
 * another instance got 422 {@code EXCEEDS_AVAILABLE_BALANCE}, and the identical retry 201 (the rollback had evicted
 * the copy). A scheduled payment recorded that first answer as a failed attempt.
 *
 * <p>So before a rejection stands, each account it was decided on is compared with its stream in the event store,
 * one query each, on the rejection path only (and on an opening's identical retry, whose answer is read from the
 * copy: {@link #requireCurrent}). When the stream is ahead, the rejection becomes Axon's
 * {@link ConcurrencyException}: the unit of work rolls back, which evicts the cached copies, and the command
 * gateway decides the command again on what the event store holds, as for any lost race.
 */
@Component
public class StaleCopyCheck {

    private final EventStore events;

    public StaleCopyCheck(EventStore events) {
        this.events = events;
    }

    /** Runs {@code decision}; a rejection it raises stands only if every account in {@code decidedOn} is current. */
    public void decide(Runnable decision, List<Aggregate<Account>> decidedOn) {
        try {
            decision.run();
        } catch (LedgerRejected rejection) {
            throw finalOrRetried(rejection, decidedOn);
        }
    }

    /**
     * Throws a lost race when {@code aggregate}'s stream is ahead of the copy, for an answer that writes nothing to it:
     * the identical retry of an opening answered with the cached copy, so an account closed or funded through another
     * instance was shown open, at its old balance and version; an {@code If-Match} refused on a version the copy had
     * not reached.
     */
    public void requireCurrent(Aggregate<?> aggregate) {
        Optional<ConcurrencyException> behind = behind(aggregate, "answering with it");
        if (behind.isPresent()) {
            throw behind.get();
        }
    }

    private RuntimeException finalOrRetried(LedgerRejected rejection, List<Aggregate<Account>> decidedOn) {
        for (Aggregate<Account> account : decidedOn) {
            Optional<ConcurrencyException> behind = behind(account, "rejecting with " + rejection.rejection());
            if (behind.isPresent()) {
                behind.get().addSuppressed(rejection);
                return behind.get();
            }
        }
        return rejection;
    }

    /** A lost race when the stream of {@code account} holds events its copy has not seen; else empty. */
    private Optional<ConcurrencyException> behind(Aggregate<?> aggregate, String insteadOf) {
        long decidedAt = aggregate.version() == null ? -1 : aggregate.version();
        return events.lastSequenceNumberFor(aggregate.identifierAsString())
                .filter(stored -> stored > decidedAt)
                .map(stored -> new ConcurrencyException("stream " + aggregate.identifierAsString()
                        + " was decided at version " + decidedAt + " but its stream is at " + stored
                        + "; deciding again on current state instead of " + insteadOf));
    }
}
