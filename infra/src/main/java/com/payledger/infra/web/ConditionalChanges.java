package com.payledger.infra.web;

import com.payledger.command.web.IfMatch;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The changes that take an {@link IfMatch} parameter are the conditional ones: this reads the header into it, and
 * gives each of them, in the API description, the {@code If-Match} parameter and the {@code ETag} of its answer.
 * {@link PreconditionRules} refuses the header on every other change, by the same test.
 */
@Configuration(proxyBeanMethods = false)
class ConditionalChanges implements WebMvcConfigurer, HandlerMethodArgumentResolver, OperationCustomizer {

    static boolean evaluatesIfMatch(HandlerMethod change) {
        return Arrays.stream(change.getMethodParameters())
                .anyMatch(parameter -> parameter.getParameterType() == IfMatch.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == IfMatch.class;
    }

    @Override
    public IfMatch resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                   NativeWebRequest request, WebDataBinderFactory binders) {
        String[] headers = request.getHeaderValues(IfMatch.HEADER);
        // Several If-Match fields are one list (RFC 9110, section 5.3).
        return IfMatch.of(headers == null ? null : String.join(", ", Arrays.asList(headers)));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (!evaluatesIfMatch(handler)) {
            return operation;
        }
        operation.addParametersItem(new HeaderParameter().name(IfMatch.HEADER).description(IfMatch.DESCRIPTION)
                .schema(new StringSchema().pattern(IfMatch.FORM)));
        operation.getResponses().entrySet().stream().filter(answer -> answer.getKey().startsWith("2"))
                .map(Map.Entry::getValue).forEach(ConditionalChanges::withETag);
        return operation;
    }

    private static void withETag(ApiResponse answer) {
        if (answer.getHeaders() == null || !answer.getHeaders().containsKey("ETag")) {
            answer.addHeaderObject("ETag", new Header().description("The resource's version after the change, as a "
                    + "strong entity tag such as \"7\": what If-Match takes on its next change")
                    .schema(new StringSchema()));
        }
    }
}
