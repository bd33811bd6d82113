package com.payledger.query.audit.log;

/**
 * A stored event with its place in the verifiable log. {@code position} (the leaf index) and {@code leafHash} are
 * null for an event committed so recently that the log has not taken it in yet.
 */
public record LoggedEvent(Long position, byte[] leafHash, StoredEvent event) {
}
