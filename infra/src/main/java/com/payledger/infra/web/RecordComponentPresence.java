package com.payledger.infra.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Describes whether each component of a record, an answer's or a request body's, is present. One marked
 * {@link Nullable} admits null: in OpenAPI 3.1 {@code "type": "string"} refuses null, so without this a client that
 * validates answers against the description, or one generated from it, refuses ordinary answers (the last page's
 * {@code nextCursor}, an EXTERNAL account's {@code overdraftLimit}, a transfer without a description); in a request
 * body it may be left out. Every other component is required: an answer always has it, and a request without it is a
 * 400 MISSING_FIELD, which a description without {@code required} hid from every generated client.
 *
 * <p>The generator sees only declaration annotations, and JSpecify's {@code @Nullable} is a type annotation: hence
 * this converter, which reads the record's components after the generator has described the record.
 */
final class RecordComponentPresence implements ModelConverter {

    private static final String NULL = "null";

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema<?> resolved = chain.next().resolve(type, context, chain);
        Class<?> described = Json.mapper().constructType(type.getType()).getRawClass();
        if (resolved == null || !described.isRecord()) {
            return resolved;
        }
        Schema<?> model = model(resolved, context);
        Map<String, Schema> properties = model.getProperties();
        if (properties == null) {
            return resolved;
        }
        for (RecordComponent component : described.getRecordComponents()) {
            Schema<?> property = properties.get(component.getName());
            if (property == null) {
                continue;
            }
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                properties.put(component.getName(), admittingNull(property));
            } else if (model.getRequired() == null || !model.getRequired().contains(component.getName())) {
                model.addRequiredItem(component.getName());
            }
        }
        return resolved;
    }

    /** The record's own schema: the generator answers a reference to it once it has defined it. */
    private static Schema<?> model(Schema<?> resolved, ModelConverterContext context) {
        String reference = resolved.get$ref();
        if (reference == null) {
            return resolved;
        }
        Schema<?> defined = context.getDefinedModels().get(reference.substring(reference.lastIndexOf('/') + 1));
        return defined == null ? resolved : defined;
    }

    /** The property, or else both it and null; unchanged when it admits null already (a record met twice). */
    private static Schema<?> admittingNull(Schema<?> property) {
        if (admitsNull(property)) {
            return property;
        }
        if (property.get$ref() == null && property.getTypes() != null) {
            property.addType(NULL);
            return property;
        }
        // A type beside $ref would narrow the referenced schema rather than widen it: null needs a branch of its own.
        Schema<?> onlyNull = new JsonSchema();
        onlyNull.addType(NULL);
        Schema<?> either = new JsonSchema().anyOf(List.of(property, onlyNull));
        either.setDescription(property.getDescription());
        property.setDescription(null);
        return either;
    }

    private static boolean admitsNull(Schema<?> property) {
        if (property.getTypes() != null && property.getTypes().contains(NULL)) {
            return true;
        }
        return property.getAnyOf() != null && property.getAnyOf().stream()
                .anyMatch(branch -> branch.getTypes() != null && branch.getTypes().contains(NULL));
    }
}
