package io.strideline.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The server refuses a request body field it does not know ({@link UnknownFields}), so the document
 * says so: every object schema only JSON request bodies use gets {@code additionalProperties: false}, and a
 * validating proxy or a generated client knows a misspelt field is an error. Schemas answers use
 * too stay open (an answer may gain fields; clients must ignore those). The items of partly
 * accepted batches turn this into "no other fields" in their description ({@link BatchItemSchemas}).
 */
final class ClosedRequestSchemas {

    /**
     * Bodies that keep unknown fields on purpose (each says why where it is declared, with
     * {@code @JsonIgnoreProperties}): the heartbeat takes what newer firmware sends, a sync report
     * takes the {@code device_id} PiSync firmware sends.
     */
    static final Set<String> TOLERANT = Set.of("HeartbeatRequest", "SyncReport");

    private ClosedRequestSchemas() {}

    static void apply(OpenAPI openApi) {
        @SuppressWarnings("rawtypes")
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        JsonNode document = Json31.mapper().valueToTree(openApi);
        var requestRoots = new LinkedHashSet<String>();
        var answerRoots = new LinkedHashSet<String>();
        document.path("paths")
                .forEach(item -> item.forEach(operation -> {
                    // JSON only: a multipart form's extra parts are not refused
                    BatchItemSchemas.refs(
                            operation.path("requestBody").path("content").path("application/json"), requestRoots::add);
                    BatchItemSchemas.refs(operation.path("responses"), answerRoots::add);
                }));
        Set<String> inAnswers = BatchItemSchemas.reachable(document, answerRoots, Map.of());
        for (String name : BatchItemSchemas.reachable(document, requestRoots, Map.of())) {
            Schema<?> schema = schemas.get(name);
            if (schema != null
                    && !inAnswers.contains(name)
                    && !TOLERANT.contains(name)
                    && schema.getProperties() != null
                    && !schema.getProperties().isEmpty()) {
                schema.setAdditionalProperties(false);
            }
        }
    }
}
