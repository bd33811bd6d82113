package com.payledger.infra.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.security.ApiRole;
import com.payledger.infra.security.Caller;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

/** The claim mapping alone: which verified tokens stand for which caller, and which stand for none. */
class CallerClaimsTest {

    private static final String ISSUER = "https://issuer.example";
    private final CallerClaims claims = new CallerClaims("payledger_role", "payledger_owner_id");

    @Test
    void givenClientRoleAndOwner_whenMapped_thenClientOfThatOwnerWithIssuerAndSubjectAsPrincipal() {
        Caller caller = claims.callerOf(token(Map.of("payledger_role", "CLIENT", "payledger_owner_id", "u-1")));

        assertThat(caller).isEqualTo(new Caller("jwt:" + ISSUER + "#subject-1", ApiRole.CLIENT, "u-1"));
    }

    @Test
    void givenAuditorOrAdminWithoutOwner_whenMapped_thenThatRoleForNoOwner() {
        assertThat(claims.callerOf(token(Map.of("payledger_role", "AUDITOR"))))
                .isEqualTo(new Caller("jwt:" + ISSUER + "#subject-1", ApiRole.AUDITOR, null));
        assertThat(claims.callerOf(token(Map.of("payledger_role", "ADMIN"))).role()).isEqualTo(ApiRole.ADMIN);
    }

    @Test
    void givenRoleListWithOneLedgerRoleAmongOthers_whenMapped_thenThatRole() {
        Caller caller = claims.callerOf(token(Map.of("payledger_role", List.of("offline_access", "AUDITOR", 7))));

        assertThat(caller.role()).isEqualTo(ApiRole.AUDITOR);
    }

    @Test
    void givenNoRoleTwoRolesUnknownRoleOrWrongCase_whenMapped_thenRefused() {
        assertRefused(Map.of("payledger_owner_id", "u-1"));
        assertRefused(Map.of("payledger_role", List.of("CLIENT", "AUDITOR"), "payledger_owner_id", "u-1"));
        assertRefused(Map.of("payledger_role", "SUPERUSER"));
        assertRefused(Map.of("payledger_role", "auditor"));
        assertRefused(Map.of("payledger_role", List.of()));
        assertRefused(Map.of("payledger_role", Map.of("name", "AUDITOR")));
    }

    @Test
    void givenClientWithoutOwnerOrWithMalformedOwner_whenMapped_thenRefused() {
        assertRefused(Map.of("payledger_role", "CLIENT"));
        assertRefused(Map.of("payledger_role", "CLIENT", "payledger_owner_id", ""));
        assertRefused(Map.of("payledger_role", "CLIENT", "payledger_owner_id", "-starts-with-dash"));
        assertRefused(Map.of("payledger_role", "CLIENT", "payledger_owner_id", "has space"));
        assertRefused(Map.of("payledger_role", "CLIENT", "payledger_owner_id", "x".repeat(129)));
        assertRefused(Map.of("payledger_role", "CLIENT", "payledger_owner_id", List.of("u-1")));
    }

    @Test
    void givenOwnerOnAuditorOrAdmin_whenMapped_thenRefused() {
        assertRefused(Map.of("payledger_role", "AUDITOR", "payledger_owner_id", "u-1"));
        assertRefused(Map.of("payledger_role", "ADMIN", "payledger_owner_id", "u-1"));
    }

    @Test
    void givenMissingEmptyOverlongOrControlCharacterSubject_whenMapped_thenRefused() {
        Map<String, Object> auditor = Map.of("payledger_role", "AUDITOR");
        assertThatThrownBy(() -> claims.callerOf(token(null, auditor))).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> claims.callerOf(token("", auditor))).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> claims.callerOf(token("s".repeat(CallerClaims.SUBJECT_LENGTH_MAX + 1), auditor)))
                .isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> claims.callerOf(token("a\nb", auditor))).isInstanceOf(BadJwtException.class);
        assertThat(claims.callerOf(token("s".repeat(CallerClaims.SUBJECT_LENGTH_MAX), auditor))).isNotNull();
    }

    @Test
    void givenNestedOrNamespacedClaimNames_whenMapped_thenFoundByPathOrByWholeName() {
        CallerClaims keycloak = new CallerClaims("realm_access.roles", "https://payledger.example/owner");
        Caller caller = keycloak.callerOf(token(Map.of("realm_access", Map.of("roles", List.of("uma", "CLIENT")),
                "https://payledger.example/owner", "u-9")));

        assertThat(caller.role()).isEqualTo(ApiRole.CLIENT);
        assertThat(caller.ownerId()).isEqualTo("u-9");
        assertThat(CallerClaims.claim(Map.of("a", Map.of("b", "x")), "a.b.c")).isNull();
        assertThat(CallerClaims.claim(Map.of("a", "x"), "a.b")).isNull();
    }

    @Test
    void givenAClaimNamedLikeTheNestedPath_whenTheyDiffer_thenRefusedAndWhenEqual_thenAccepted() {
        CallerClaims keycloak = new CallerClaims("realm_access.roles", "https://payledger.example/owner");
        Map<String, Object> nestedClient = Map.of("realm_access", Map.of("roles", List.of("CLIENT")),
                "https://payledger.example/owner", "u-9");
        Map<String, Object> both = new HashMap<>(nestedClient);
        both.put("realm_access.roles", List.of("ADMIN"));

        assertThatThrownBy(() -> keycloak.callerOf(token(both))).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("names both a claim and a path");
        both.put("realm_access.roles", List.of("CLIENT"));
        assertThat(keycloak.callerOf(token(both)).role()).isEqualTo(ApiRole.CLIENT);
    }

    private void assertRefused(Map<String, Object> claimSet) {
        assertThatThrownBy(() -> claims.callerOf(token(claimSet))).as("%s", claimSet)
                .isInstanceOf(BadJwtException.class);
    }

    private static Jwt token(Map<String, Object> claimSet) {
        return token("subject-1", claimSet);
    }

    private static Jwt token(String subject, Map<String, Object> claimSet) {
        Map<String, Object> all = new HashMap<>(claimSet);
        all.put("iss", ISSUER);
        if (subject != null) {
            all.put("sub", subject);
        }
        return Jwt.withTokenValue("token").header("alg", "RS256").claims(c -> c.putAll(all)).build();
    }
}
