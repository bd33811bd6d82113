package com.payledger.infra.security.jwt;

import com.payledger.command.web.InputRules;
import com.payledger.infra.security.ApiRole;
import com.payledger.infra.security.Caller;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * Maps a verified token's claims to the {@link Caller} it stands for, as strictly as an API key: principal
 * {@code jwt:<iss>#<sub>}, exactly one role, and an owner id for a CLIENT and only for a CLIENT. Anything else
 * refuses the token ({@link BadJwtException}, whose message says why, for the log only).
 */
final class CallerClaims {

    /** Longer subjects are refused: the principal is written into the metadata of every event the caller causes. */
    static final int SUBJECT_LENGTH_MAX = 255;

    private final String roleClaim;
    private final String ownerClaim;

    CallerClaims(String roleClaim, String ownerClaim) {
        this.roleClaim = roleClaim;
        this.ownerClaim = ownerClaim;
    }

    Caller callerOf(Jwt token) {
        Map<String, Object> claims = token.getClaims();
        String issuer = token.getClaimAsString(JwtClaimNames.ISS);
        String subject = claims.get(JwtClaimNames.SUB) instanceof String text ? text : null;
        if (issuer == null || issuer.isEmpty()) {
            throw new BadJwtException("no iss claim");
        }
        if (subject == null || subject.isEmpty() || subject.length() > SUBJECT_LENGTH_MAX
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new BadJwtException("sub must be 1 to " + SUBJECT_LENGTH_MAX + " characters without controls");
        }
        ApiRole role = role(claim(claims, roleClaim));
        Object owner = claim(claims, ownerClaim);
        if (role != ApiRole.CLIENT) {
            if (owner != null) {
                throw new BadJwtException(ownerClaim + " is only for a CLIENT, the token's role is " + role);
            }
            return new Caller(principal(issuer, subject), role, null);
        }
        if (!(owner instanceof String ownerId) || !InputRules.OWNER_ID_FORMAT.matcher(ownerId).matches()) {
            throw new BadJwtException("a CLIENT token needs " + ownerClaim + " matching "
                    + InputRules.OWNER_ID_FORMAT.pattern());
        }
        return new Caller(principal(issuer, subject), role, ownerId);
    }

    static String principal(String issuer, String subject) {
        return "jwt:" + issuer + "#" + subject;
    }

    /**
     * The claim {@code name}: a top-level claim of that name (names such as {@code https://example.com/role}
     * contain dots), else the dotted path through nested objects ({@code realm_access.roles}); null if absent. A name
     * that finds both, with other values, refuses the token: which one the issuer meant is not ours to guess, and an
     * issuer that lets users add claims of their own would let them pick.
     */
    static Object claim(Map<String, Object> claims, String name) {
        Object nested = nested(claims, name);
        if (!claims.containsKey(name)) {
            return nested;
        }
        Object whole = claims.get(name);
        if (nested != null && !nested.equals(whole)) {
            throw new BadJwtException(name + " names both a claim and a path through nested claims, with other "
                    + "values");
        }
        return whole;
    }

    private static Object nested(Map<String, Object> claims, String name) {
        if (!name.contains(".")) {
            return null;
        }
        Object value = claims;
        for (String step : name.split("\\.", -1)) {
            if (!(value instanceof Map<?, ?> object)) {
                return null;
            }
            value = object.get(step);
        }
        return value;
    }

    /** A role name, or a list holding exactly one role name among other values (other applications' roles). */
    private ApiRole role(Object value) {
        List<ApiRole> roles;
        if (value instanceof String name) {
            roles = roleNamed(name).stream().toList();
        } else if (value instanceof Collection<?> names) {
            roles = names.stream().filter(String.class::isInstance).map(String.class::cast)
                    .flatMap(name -> roleNamed(name).stream()).distinct().toList();
        } else {
            roles = List.of();
        }
        if (roles.size() != 1) {
            throw new BadJwtException(roleClaim + " must hold exactly one of " + Arrays.toString(ApiRole.values()));
        }
        return roles.get(0);
    }

    private static Optional<ApiRole> roleNamed(String name) {
        return Arrays.stream(ApiRole.values()).filter(role -> role.name().equals(name)).findFirst();
    }
}
