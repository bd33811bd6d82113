package com.payledger.query.access;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose money a read may show: one owner's (an API client), every owner's (an auditor) or nobody's. The web layer
 * resolves it from the authenticated caller and hands it to the controllers, which answer 404 for anything it may not
 * read, exactly as for something that does not exist, so ids cannot be probed.
 */
public final class Reader {

    private static final Reader EVERY_OWNER = new Reader(null, true);
    private static final Reader NOBODY = new Reader(null, false);

    private final String ownerId;
    private final boolean everyOwner;

    private Reader(String ownerId, boolean everyOwner) {
        this.ownerId = ownerId;
        this.everyOwner = everyOwner;
    }

    public static Reader everyOwner() {
        return EVERY_OWNER;
    }

    public static Reader owner(String ownerId) {
        return new Reader(Objects.requireNonNull(ownerId, "ownerId"), false);
    }

    /** For callers that act for no owner: they read nothing, whatever a routing rule lets through. */
    public static Reader nobody() {
        return NOBODY;
    }

    public boolean mayRead(String owner) {
        return everyOwner || (ownerId != null && ownerId.equals(owner));
    }

    /** The one owner this reader is confined to; empty for an auditor. */
    public Optional<String> confinedTo() {
        return everyOwner ? Optional.empty() : Optional.of(ownerId == null ? "" : ownerId);
    }

    @Override
    public String toString() {
        return everyOwner ? "Reader[every owner]" : "Reader[" + ownerId + "]";
    }
}
