package com.payledger.infra.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly, so that what a client meant is never guessed:
 * <ul>
 *   <li>a field named twice is refused (400 MALFORMED_JSON). Jackson would otherwise keep the last value, so a
 *       gateway that checked the first {@code "amount"} and this service could act on different requests;</li>
 *   <li>a number or a boolean where the API takes text (an id, a name, a description, a metadata value) is refused
 *       (400 INVALID_FIELD_TYPE) instead of being stored as its text: {@code "id": 42} or
 *       {@code "metadata": {"vip": true}} is most likely a client's bug, and the converse, text in a number field,
 *       is already refused ({@code spring.jackson.mapper.allow-coercion-of-scalars: false});</li>
 *   <li>blank text (spaces or control characters only) where the API takes a number or a boolean is refused (400
 *       INVALID_FIELD_TYPE). Jackson reads it as null even with the setting above, which refuses only {@code ""}:
 *       {@code "overdraftLimit": " "} opened an account with no overdraft.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput {

    @Bean
    JsonMapperBuilderCustomizer refuseDuplicateFields() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @Bean
    JsonMapperBuilderCustomizer refuseBlankTextAsNull() {
        return builder -> builder.withCoercionConfigDefaults(defaults -> defaults.setAcceptBlankAsEmpty(false));
    }

    @Bean
    JsonMapperBuilderCustomizer refuseScalarsAsText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, text -> text
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
