package com.payledger.infra.security;

import com.payledger.infra.security.apikey.ApiKeys;
import com.payledger.infra.security.jwt.JwtCallers;
import com.payledger.infra.web.BrowserHeaders;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what. Every caller presents an API key ({@link ApiKeyAuthenticationFilter}); this class maps paths to
 * roles. Within the CLIENT role, which owner's money a caller reaches is decided by the command and query sides
 * (a foreign account answers 404, so ids cannot be probed). Nothing but health and the OpenAPI description admits
 * an anonymous caller.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String CLIENT = ApiRole.CLIENT.name();
    private static final String AUDITOR = ApiRole.AUDITOR.name();
    private static final String ADMIN = ApiRole.ADMIN.name();
    /** Guessing keys from one address: 10 failed attempts a second on average, 20 at once. */
    private static final double FAILED_ATTEMPTS_PER_SECOND = 10;
    private static final double FAILED_ATTEMPTS_BURST = 20;

    /** The API description and its browser UI: public, and the UI needs its own scripts and styles. */
    @Bean
    @Order(1)
    SecurityFilterChain apiDescription(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll());
        statelessWithHeaders(http, "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                + "frame-ancestors 'none'");
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain ledgerApi(HttpSecurity http, ApiKeys keys, ObjectProvider<JwtCallers> jwts,
                                  @Qualifier("requestMappingHandlerMapping")
                                  ObjectProvider<RequestMappingHandlerMapping> endpoints,
                                  @Value("${payledger.security.rate-limit.requests-per-second}") double rate,
                                  @Value("${payledger.security.rate-limit.burst}") double burst) throws Exception {
        ProblemResponses problems = new ProblemResponses(new ApiRoutes(endpoints));
        RateLimiter failedAttempts = new RateLimiter(FAILED_ATTEMPTS_PER_SECOND, FAILED_ATTEMPTS_BURST,
                System::nanoTime);
        // JWTs, when PAYLEDGER_JWT_ISSUER_URI enables them, go through the same filter and become the same Caller,
        // so the path rules below, read scopes, rate limits and event metadata treat them like API keys.
        http.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems, failedAttempts, jwts.getIfAvailable()),
                        BasicAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(new RateLimiter(rate, burst, System::nanoTime)),
                        BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeHttpRequests(rules -> rules
                        // An error or async dispatch continues a request that was already authorized.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // Load balancers that probe with HEAD got 401, and took every instance out of service.
                        .requestMatchers(HttpMethod.HEAD, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/audit/**").hasRole(AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasAnyRole(CLIENT, AUDITOR)
                        // Answered like GET: without this rule it fell to the clients' rule below.
                        .requestMatchers(HttpMethod.HEAD, "/api/v1/**").hasAnyRole(CLIENT, AUDITOR)
                        // The operator opens the accounts that grant credit, EXTERNAL ones and those with an overdraft
                        // (the handler refuses it the rest), and alone changes an overdraft limit.
                        .requestMatchers(HttpMethod.POST, "/api/v1/accounts").hasAnyRole(CLIENT, ADMIN)
                        .requestMatchers(HttpMethod.PATCH, "/api/v1/accounts/*").hasRole(ADMIN)
                        .requestMatchers("/api/v1/**").hasRole(CLIENT)
                        .anyRequest().authenticated());
        statelessWithHeaders(http, BrowserHeaders.API_CONTENT_SECURITY_POLICY);
        return http.build();
    }

    /** Bearer keys, no sessions or cookies (so no CSRF to defend), and headers that tell browsers to keep away. */
    private static void statelessWithHeaders(HttpSecurity http, String contentSecurityPolicy) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frames -> frames.deny()));
    }
}
