package io.strideline.platform;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Describes our records as they travel on the wire. springdoc's schemas come from swagger-core,
 * which introspects with its own (Jackson 2) mapper and knows neither the application's
 * snake_case naming nor JSpecify: on its own it published camelCase names, nothing required and
 * nothing nullable. Here the names come from the same naming strategy as the wire, a record
 * component is required unless it is {@code @Nullable}, and a {@code @Nullable} one may be null.
 * Two records published under one schema name fail the document instead of silently merging.
 */
final class WireSchemas extends ModelResolver {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /**
     * Schema name to the record it was made from. Static like swagger-core's converter registry
     * (one per JVM): with two application contexts in one JVM (the two-instance test) either
     * context's converter may be the one that resolves a type, for both documents.
     */
    private static final Map<String, Class<?>> records = new ConcurrentHashMap<>();

    private static final Set<String> collisions = ConcurrentHashMap.newKeySet();

    WireSchemas(ObjectMapper swaggerMapper) {
        super(swaggerMapper.copy().setPropertyNamingStrategy(SNAKE_CASE));
        openapi31(true);
    }

    @Override
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> next) {
        Schema schema = super.resolve(type, context, next);
        JavaType javaType = _mapper.constructType(type.getType());
        Class<?> raw = javaType.getRawClass();
        if (raw.isRecord() && raw.getName().startsWith("io.strideline.")) {
            String name = _typeName(javaType);
            Class<?> before = records.putIfAbsent(name, raw);
            if (before != null && before != raw) {
                // swagger-core swallows exceptions thrown here; the document fails in applyNullability
                collisions.add(name + ": " + before.getName() + " and " + raw.getName());
            }
        }
        return schema;
    }

    /** Marks required and nullable properties of every record schema in the document. */
    void applyNullability(Map<String, Schema> schemas) {
        if (!collisions.isEmpty()) {
            throw new IllegalStateException(
                    "Records published under one schema name (rename one of each): " + new TreeSet<>(collisions));
        }
        records.forEach((name, type) -> {
            Schema schema = schemas.get(name);
            if (schema == null || schema.getProperties() == null) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Schema> properties = schema.getProperties();
            List<String> required = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                String wire = wireName(component);
                Schema property = properties.get(wire);
                if (property == null) {
                    continue;
                }
                if (component.getAnnotatedType().isAnnotationPresent(Nullable.class) && !requiredAnyway(component)) {
                    properties.put(wire, orNull(property));
                } else {
                    required.add(wire);
                }
            }
            schema.setRequired(required.isEmpty() ? null : required);
        });
    }

    /**
     * A request field the server checks itself (to answer its own 422 naming it) is {@code
     * @Nullable} in Java but required on the wire: {@code @Schema(requiredMode = REQUIRED)} says so.
     */
    private static boolean requiredAnyway(RecordComponent component) {
        var schema = component.getAccessor().getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        var array = component.getAccessor().getAnnotation(io.swagger.v3.oas.annotations.media.ArraySchema.class);
        return (schema != null && schema.requiredMode() == REQUIRED)
                || (array != null && array.arraySchema().requiredMode() == REQUIRED);
    }

    static String wireName(RecordComponent component) {
        JsonProperty explicit = component.getAccessor().getAnnotation(JsonProperty.class);
        if (explicit == null) {
            explicit = component.getAnnotation(JsonProperty.class);
        }
        return explicit != null && !explicit.value().isEmpty()
                ? explicit.value()
                : SNAKE_CASE.translate(component.getName());
    }

    /** The same schema that also admits {@code null} (OpenAPI 3.1: {@code type: [x, "null"]}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Schema orNull(Schema property) {
        if (property.get$ref() != null || property.getAllOf() != null) {
            var wrapper = new Schema();
            wrapper.setDescription(property.getDescription());
            property.setDescription(null);
            wrapper.setOneOf(List.of(property, new Schema().types(Set.of("null"))));
            return wrapper;
        }
        Set<String> types = property.getTypes() != null
                ? new LinkedHashSet<>(property.getTypes())
                : property.getType() != null ? new LinkedHashSet<>(Set.of(property.getType())) : null;
        if (types == null) {
            return property; // no type at all: admits null already
        }
        types.add("null");
        property.setTypes(types);
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            var values = new ArrayList<>(property.getEnum());
            values.add(null);
            property.setEnum(values);
        }
        return property;
    }
}
