package com.payledger.infra.security.apikey;

import com.payledger.infra.security.ApiRole;
import com.payledger.infra.security.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The API keys in {@code security.api_keys}: issue, authenticate, list and revoke. */
@Component
public class ApiKeys {

    /** A key as its creation answers it: the only moment the secret exists outside its holder. */
    /** The longest name a key may have (the column's size). */
    public static final int NAME_LENGTH_MAX = 200;

    public record IssuedKey(ApiKeyView view, String key) {
    }

    private static final String PRINCIPAL_PREFIX = "apikey:";
    private static final String COLUMNS =
            "id, prefix, role, owner_id, name, created_at, created_by, revoked_at, revoked_by";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AuthenticatedKeys authenticated;

    ApiKeys(JdbcTemplate jdbc, Clock clock,
            @Value("${payledger.security.key-cache-ttl:PT0S}") Duration keyCacheTtl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.authenticated = new AuthenticatedKeys(keyCacheTtl, System::nanoTime);
    }

    public IssuedKey issue(ApiRole role, String ownerId, String name, String issuedBy) {
        return register(ApiKeySecret.generate(), role, ownerId, name, issuedBy)
                .orElseThrow(() -> new IllegalStateException("a fresh 256-bit key collided with a stored one"));
    }

    /** Stores {@code key} unless a key with its secret exists; answers the new key, or empty if it existed. */
    Optional<IssuedKey> register(String key, ApiRole role, String ownerId, String name, String issuedBy) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int inserted = jdbc.update("insert into security.api_keys (id, secret_hash, prefix, role, owner_id, name, "
                        + "created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (secret_hash) do nothing",
                id, ApiKeySecret.hash(key), ApiKeySecret.displayPrefix(key), role.name(), ownerId, name,
                Timestamp.from(now), issuedBy);
        if (inserted == 0) {
            return Optional.empty();
        }
        return Optional.of(new IssuedKey(new ApiKeyView(id, ApiKeySecret.displayPrefix(key), role.name(), ownerId,
                name, now, issuedBy, null, null), key));
    }

    /** The caller a presented key stands for: empty for an unknown or revoked key. */
    public Optional<Caller> authenticate(String presentedKey) {
        byte[] hash = ApiKeySecret.hash(presentedKey);
        return authenticated.authenticate(hash, () -> jdbc.query("select id, role, owner_id from security.api_keys "
                        + "where secret_hash = ? and revoked_at is null",
                (row, index) -> new Caller(PRINCIPAL_PREFIX + row.getString("id"),
                        ApiRole.valueOf(row.getString("role")), row.getString("owner_id")),
                hash).stream().findFirst());
    }

    /**
     * The caller a presented key stands for if this instance accepted it within the key cache's lifetime, without
     * asking the database; empty otherwise (and always with the cache off).
     */
    public Optional<Caller> remembered(String presentedKey) {
        return authenticated.remembered(ApiKeySecret.hash(presentedKey));
    }

    /**
     * As {@link #remembered}, and for a key this instance accepted before whose entry has expired, a lookup: the
     * caller of a busy valid key while its address is blocked for failed attempts. Its entry expires a TTL after the
     * lookup that made it however often it is used, so it was refused once per TTL (a 429). A key this instance
     * never accepted, or forgot on a revocation or a failed lookup, is still answered without asking the database.
     */
    public Optional<Caller> acceptedBefore(String presentedKey) {
        byte[] hash = ApiKeySecret.hash(presentedKey);
        Optional<Caller> remembered = authenticated.remembered(hash);
        return remembered.isPresent() || !authenticated.acceptedBefore(hash) ? remembered : authenticate(presentedKey);
    }

    public boolean isRevoked(String key) {
        return Boolean.TRUE.equals(jdbc.query("select revoked_at is not null from security.api_keys "
                + "where secret_hash = ?", (row, index) -> row.getBoolean(1), ApiKeySecret.hash(key))
                .stream().findFirst().orElse(false));
    }

    public List<ApiKeyView> list() {
        return jdbc.query("select " + COLUMNS + " from security.api_keys order by created_at, id", ApiKeys::view);
    }

    public Optional<ApiKeyView> find(String id) {
        return jdbc.query("select " + COLUMNS + " from security.api_keys where id = ?", ApiKeys::view, id)
                .stream().findFirst();
    }

    /** Revokes the key from now on; revoking a revoked key keeps its first revocation. */
    public Optional<ApiKeyView> revoke(String id, String revokedBy) {
        jdbc.update("update security.api_keys set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
                Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)), revokedBy, id);
        authenticated.forget(PRINCIPAL_PREFIX + id);
        return find(id);
    }

    private static ApiKeyView view(ResultSet row, int index) throws SQLException {
        Timestamp revokedAt = row.getTimestamp("revoked_at");
        return new ApiKeyView(row.getString("id"), row.getString("prefix"), row.getString("role"),
                row.getString("owner_id"), row.getString("name"), row.getTimestamp("created_at").toInstant(),
                row.getString("created_by"), revokedAt == null ? null : revokedAt.toInstant(),
                row.getString("revoked_by"));
    }
}
