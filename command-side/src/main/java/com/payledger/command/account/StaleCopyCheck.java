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
 * one query each, on the rejection path only. When the stream is ahead, the rejection becomes Axon's
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

    private RuntimeException finalOrRetried(LedgerRejected rejection, List<Aggregate<Account>> decidedOn) {
        for (Aggregate<Account> account : decidedOn) {
            long decidedAt = account.version() == null ? -1 : account.version();
            Optional<Long> stored = events.lastSequenceNumberFor(account.identifierAsString());
            if (stored.isPresent() && stored.get() > decidedAt) {
                ConcurrencyException retry = new ConcurrencyException("account " + account.identifierAsString()
                        + " was decided at version " + decidedAt + " but its stream is at " + stored.get()
                        + "; deciding again on current state instead of rejecting with " + rejection.rejection());
                retry.addSuppressed(rejection);
                return retry;
            }
        }
        return rejection;
    }
}
