package com.payledger.infra.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/**
 * Request bodies that name a field twice are refused (400 MALFORMED_JSON). Jackson would otherwise keep the last
 * value, so a gateway that checked the first {@code "amount"} and this service could act on different requests.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput {

    @Bean
    JsonMapperBuilderCustomizer refuseDuplicateFields() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
