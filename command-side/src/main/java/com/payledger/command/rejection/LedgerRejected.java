package com.payledger.command.rejection;

import org.axonframework.common.AxonNonTransientException;

/**
 * A command broke a business rule. The message is the rule's code.
 *
 * <p>It is non-transient on purpose: the command gateway retries concurrency conflicts, and a retried rejection
 * could succeed later (a transfer rejected for funds would then move money the client was told it did not move).
 */
public class LedgerRejected extends AxonNonTransientException {

    private final Rejection rejection;

    public LedgerRejected(Rejection rejection) {
        super(rejection.name());
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
