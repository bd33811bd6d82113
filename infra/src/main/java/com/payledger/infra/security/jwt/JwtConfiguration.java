package com.payledger.infra.security.jwt;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * JWT bearer tokens, only when {@code PAYLEDGER_JWT_ISSUER_URI} is set. Without it there is no {@link JwtCallers}
 * bean, the API-key filter sees no JWTs, and nothing here calls the network.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(JwtConfiguration.IssuerConfigured.class)
@EnableConfigurationProperties(JwtSettings.class)
class JwtConfiguration {

    @Bean
    JwtCallers jwtCallers(JwtSettings settings) {
        return JwtCallers.of(settings);
    }

    /** Discovers the issuer once the service is up, off the request path and without delaying the start. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> jwtIssuerWarmUp(JwtCallers callers) {
        return ready -> {
            Thread warmUp = new Thread(callers::warmUp, "jwt-issuer-discovery");
            warmUp.setDaemon(true);
            warmUp.start();
        };
    }

    /** {@code @ConditionalOnProperty} would take the empty default of application.yml for "set". */
    static final class IssuerConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("payledger.security.jwt.issuer-uri"));
        }
    }
}
