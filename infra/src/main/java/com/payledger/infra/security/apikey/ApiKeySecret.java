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
    /** How much of a key listings show, enough to tell keys apart and nothing an attacker could use. */
    static final int DISPLAYED_CHARACTERS = 12;
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
        return key.substring(0, Math.min(DISPLAYED_CHARACTERS, key.length()));
    }
}
