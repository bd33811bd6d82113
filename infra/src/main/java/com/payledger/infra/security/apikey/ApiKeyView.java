package com.payledger.infra.security.apikey;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An API key as listings show it: everything but the secret, which only its creation response carries. */
public record ApiKeyView(String id, String prefix, String role, @Nullable String ownerId, @Nullable String name,
                         Instant createdAt, String createdBy, @Nullable Instant revokedAt,
                         @Nullable String revokedBy) {
}
