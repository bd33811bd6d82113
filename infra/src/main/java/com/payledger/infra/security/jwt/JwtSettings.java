package com.payledger.infra.security.jwt;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How JWT bearer tokens are accepted, from {@code payledger.security.jwt.*} (README, "JWT bearer tokens"). Only read
 * when {@code issuerUri} is set; each value is checked here so a wrong setting stops the start with its name.
 *
 * @param issuerUri   the issuer every token's {@code iss} must equal; its discovery document names the key set
 * @param jwkSetUri   the issuer's key set, to skip discovery; empty: from discovery
 * @param audience    a value the {@code aud} claim must contain; empty: {@code aud} is not checked
 * @param roleClaim   the claim holding CLIENT, AUDITOR or ADMIN (a name, or a dotted path into nested objects)
 * @param ownerClaim  the claim holding a CLIENT's owner id (same lookup as {@code roleClaim})
 * @param httpTimeout connect and read timeout of each call to the issuer
 */
@ConfigurationProperties("payledger.security.jwt")
public record JwtSettings(String issuerUri, String jwkSetUri, String audience, String roleClaim, String ownerClaim,
                          Duration httpTimeout) {

    public JwtSettings {
        issuerUri = requireHttpUri("PAYLEDGER_JWT_ISSUER_URI", issuerUri);
        jwkSetUri = blankToEmpty(jwkSetUri).isEmpty() ? "" : requireHttpUri("PAYLEDGER_JWT_JWK_SET_URI", jwkSetUri);
        audience = blankToEmpty(audience);
        roleClaim = requireText("PAYLEDGER_JWT_ROLE_CLAIM", roleClaim);
        ownerClaim = requireText("PAYLEDGER_JWT_OWNER_CLAIM", ownerClaim);
        if (httpTimeout == null || httpTimeout.isNegative() || httpTimeout.isZero()
                || httpTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("PAYLEDGER_JWT_HTTP_TIMEOUT must be a duration from 1 ms to 1 min");
        }
    }

    private static String requireHttpUri(String variable, String value) {
        String uri = blankToEmpty(value);
        try {
            String scheme = URI.create(uri).getScheme();
            if ("https".equals(scheme) || "http".equals(scheme)) {
                return uri;
            }
        } catch (IllegalArgumentException malformed) {
            // answered below, with the variable's name
        }
        throw new IllegalArgumentException(variable + " must be an http(s) URL, not \"" + uri + "\"");
    }

    private static String requireText(String variable, String value) {
        String text = blankToEmpty(value);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(variable + " must name a claim");
        }
        return text;
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
