package com.payledger.infra.security.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret half of an API key: 256 random bits, shown once, stored only as a SHA-256 hash. A slow password hash
 * would add nothing for a secret this long and would cost every request dearly.
 */
final class ApiKeySecret {

    static final String PREFIX = "plk_";
    /** Shorter bootstrap keys are refused: the environment variable must carry a real secret. */
    static final int MINIMUM_LENGTH = 32;
    /**
     * How much of a generated key listings show, enough to tell keys apart and nothing an attacker could use: 8 of
     * its 43 random characters.
     */
    static final int DISPLAYED_CHARACTERS = 12;
    /**
     * How much of a key an operator chose (the bootstrap key) listings show. Its 12 first characters were shown,
     * 12 of a secret that may be as short as 32 and need not be random, to anyone holding an ADMIN key or a copy of a
     * listing.
     */
    static final int DISPLAYED_CHARACTERS_OF_A_CHOSEN_KEY = 4;
    /** plk_ and 32 random bytes in base64url without padding. */
    private static final int GENERATED_LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecret() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    static String displayPrefix(String key) {
        int shown = key.startsWith(PREFIX) && key.length() == GENERATED_LENGTH ? DISPLAYED_CHARACTERS
                : DISPLAYED_CHARACTERS_OF_A_CHOSEN_KEY;
        return key.substring(0, Math.min(shown, key.length()));
    }
}
