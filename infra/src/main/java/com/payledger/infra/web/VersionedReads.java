package com.payledger.infra.web;

import com.payledger.query.web.VersionedRead;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Describes the conditional side of every {@link VersionedRead}: its {@code ETag}, which {@code If-Match} takes on the
 * resource's changes, {@code If-None-Match} answered with 304 while the resource is unchanged, and {@code If-Match}
 * on the read itself ({@link VersionedReadPreconditions}).
 */
final class VersionedReads implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (!handler.hasMethodAnnotation(VersionedRead.class)) {
            return operation;
        }
        operation.addParametersItem(new HeaderParameter().name("If-None-Match").description("The ETag of an earlier "
                + "answer: 304 without a body while the resource is unchanged").schema(new StringSchema()
                .format("entity-tag")));
        operation.getResponses().get("200").addHeaderObject("ETag", new Header().description("The resource's "
                + "version, as a strong entity tag such as \"7\": what If-Match takes on its changes")
                .schema(new StringSchema()));
        operation.addParametersItem(new HeaderParameter().name("If-Match").description("Entity tags: answer only "
                + "while the resource is at one of them, else 412 PRECONDITION_FAILED").schema(new StringSchema()
                .format("entity-tag")));
        operation.getResponses().addApiResponse("304", new ApiResponse().description("Unchanged since the ETag "
                + "If-None-Match named (If-None-Match: * always: the resource exists)"));
        return operation;
    }
}
