package com.payledger.infra.security.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.security.ApiRole;
import com.payledger.infra.security.Caller;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AuthenticatedKeysTest {

    private static final Caller AUDITOR = new Caller("apikey:k1", ApiRole.AUDITOR, null);
    private static final byte[] HASH = {1, 2, 3};

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final AtomicInteger lookups = new AtomicInteger();

    private Supplier<Optional<Caller>> database(Optional<Caller> answer) {
        return () -> {
            lookups.incrementAndGet();
            return answer;
        };
    }

    @Test
    void givenAValidKey_whenUsedAgainWithinTheTtl_thenTheDatabaseIsAskedOnce() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofSeconds(2), now::get);
        assertThat(keys.authenticate(HASH, database(Optional.of(AUDITOR)))).contains(AUDITOR);
        now.addAndGet(1_999_000_000L);
        assertThat(keys.authenticate(HASH.clone(), database(Optional.of(AUDITOR)))).contains(AUDITOR);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void givenAnExpiredEntry_whenTheKeyWasRevokedElsewhere_thenTheDatabaseSaysSo() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofSeconds(2), now::get);
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        now.addAndGet(2_000_000_000L);
        assertThat(keys.authenticate(HASH, database(Optional.empty()))).isEmpty();
        assertThat(keys.authenticate(HASH, database(Optional.empty()))).isEmpty();
        assertThat(lookups).hasValue(3);
    }

    @Test
    void givenAKeyRevokedOnThisInstance_whenUsed_thenTheDatabaseIsAskedAtOnce() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofMinutes(1), now::get);
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        keys.forget("apikey:k1");
        assertThat(keys.authenticate(HASH, database(Optional.empty()))).isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void givenAnUnknownKey_thenItIsNeverRemembered() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofMinutes(1), now::get);
        keys.authenticate(HASH, database(Optional.empty()));
        assertThat(keys.authenticate(HASH, database(Optional.of(AUDITOR)))).contains(AUDITOR);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void givenATtlOfZero_thenEveryRequestAsksTheDatabase() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ZERO, now::get);
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        assertThat(lookups).hasValue(2);
    }

    @Test
    void givenARevocationWhileTheRowWasRead_whenTheLookupAnswersValid_thenItServesThatRequestOnlyAndIsNotRemembered() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofMinutes(1), now::get);
        Optional<Caller> answer = keys.authenticate(HASH, () -> {
            lookups.incrementAndGet();
            keys.forget("apikey:k1"); // the revocation lands after the row was read, before the answer is cached
            return Optional.of(AUDITOR);
        });

        assertThat(answer).contains(AUDITOR);
        assertThat(keys.remembered(HASH)).isEmpty();
        assertThat(keys.authenticate(HASH, database(Optional.empty()))).as("the next request asks the database")
                .isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void givenAKeyAcceptedWithinTheTtl_whenOnlyRemembered_thenKnownWithoutALookupUntilItExpires() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofSeconds(2), now::get);
        assertThat(keys.remembered(HASH)).isEmpty();
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        assertThat(keys.remembered(HASH.clone())).contains(AUDITOR);
        now.addAndGet(2_000_000_000L);
        assertThat(keys.remembered(HASH)).isEmpty();
        assertThat(new AuthenticatedKeys(Duration.ZERO, now::get).remembered(HASH)).isEmpty();
        assertThat(lookups).hasValue(1);
    }

    /**
     * A busy key's entry expires a TTL after its lookup however often it is used: while its address was blocked for
     * failed attempts, it was refused once per TTL. Accepted before, it earns a lookup; unknown or forgotten, none.
     */
    @Test
    void givenAKeyAcceptedBeforeWhoseEntryExpired_whenAskedWhetherAccepted_thenUntilARevocationOrAFailedLookup() {
        AuthenticatedKeys keys = new AuthenticatedKeys(Duration.ofSeconds(2), now::get);
        assertThat(keys.acceptedBefore(HASH)).as("never accepted").isFalse();
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        now.addAndGet(60_000_000_000L);
        assertThat(keys.remembered(HASH)).isEmpty();
        assertThat(keys.acceptedBefore(HASH.clone())).isTrue();

        keys.forget("apikey:k1");
        assertThat(keys.acceptedBefore(HASH)).as("revoked on this instance").isFalse();
        keys.authenticate(HASH, database(Optional.of(AUDITOR)));
        now.addAndGet(60_000_000_000L);
        keys.authenticate(HASH, database(Optional.empty()));
        assertThat(keys.acceptedBefore(HASH)).as("revoked on another: its lookup failed").isFalse();
    }
}
