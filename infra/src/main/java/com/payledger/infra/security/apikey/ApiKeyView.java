package com.payledger.infra.security.apikey;

import java.time.Instant;

/** An API key as listings show it: everything but the secret, which only its creation response carries. */
public record ApiKeyView(String id, String prefix, String role, String ownerId, String name, Instant createdAt,
                         String createdBy, Instant revokedAt, String revokedBy) {
}
