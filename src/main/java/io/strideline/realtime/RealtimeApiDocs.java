package io.strideline.realtime;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two WebSocket endpoints in the OpenAPI document. OpenAPI has no WebSocket operations, so each
 * is the HTTP upgrade request it starts with (101 on success); the messages are described in the
 * text and are the {@code LiveEvent} schema of {@code GET /api/v1/events}. Runs before the shared
 * contract customizer, which adds security and the common errors to these operations like to all.
 */
@Configuration(proxyBeanMethods = false)
class RealtimeApiDocs {

    @Bean
    OpenApiCustomizer webSocketOperations() {
        return openApi -> {
            // springdoc registers the emitter class it saw as a return type; the document describes LiveEvent instead
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                var schemas = openApi.getComponents().getSchemas();
                schemas.remove("SseEmitter");
                // access_changed travels between instances only; no client ever receives it
                if (schemas.get("LiveEvent") instanceof Schema<?> event
                        && event.getProperties() != null
                        && event.getProperties().get("type") instanceof Schema<?> type
                        && type.getEnum() != null) {
                    type.getEnum().remove(EventType.ACCESS_CHANGED.wire());
                }
            }
            openApi.path(
                    "/api/v1/ws",
                    new PathItem()
                            .get(upgrade(
                                    "openLiveSocket",
                                    "Live events over WebSocket",
                                    "Upgrade to a WebSocket (RFC 6455). Authenticate with the Authorization header on "
                                            + "the upgrade, or (browsers) with a first message {\"type\":\"auth\","
                                            + "\"token\":\"<access token>\"} within 5 s; never put a token in the URL. "
                                            + "Then {\"type\":\"subscribe\",\"topics\":[\"me\",\"friends\","
                                            + "\"challenge:{id}\",\"device:{id}\",\"org:{id}\"]} (and unsubscribe). "
                                            + "Answers: authenticated, subscribed (the topics followed), error "
                                            + "(code, message, topic: topic_not_found for a topic the caller may not "
                                            + "read), then events as LiveEvent JSON (see GET /api/v1/events). Send "
                                            + "auth again with a new token before the old one expires, or the socket "
                                            + "closes with 4401 token_expired. Other closes: 4401 invalid_token or "
                                            + "auth_timeout, 4403 access_revoked (a topic followed may no longer be "
                                            + "read: reconnect and subscribe again), 4429 too_many_connections, 1013 slow_consumer (fell "
                                            + "queue-size events behind), 1001 server_shutdown. The server pings; "
                                            + "a client silent for two ping intervals is closed. A client message is at most 4 kB (1009 beyond).",
                                    "Live updates",
                                    "user"))
                            .description("WebSocket for people."));
            openApi.path(
                    "/api/v1/device/ws",
                    new PathItem()
                            .get(upgrade(
                                    "openDeviceSocket",
                                    "Commands pushed to the device over WebSocket",
                                    "Upgrade to a WebSocket with the device token in the Authorization header. The "
                                            + "server sends each deliverable command at once and every new one as "
                                            + "it is queued: {\"type\":\"command\",\"command\":<DeviceCommand>}. "
                                            + "The device answers {\"type\":\"ack\",\"command_id\":\"<id>\"}, which "
                                            + "marks it delivered (reply: {\"type\":\"ack\",\"command_id\":…,"
                                            + "\"delivered\":true|false}); act on each id once, a command may come "
                                            + "twice. Results go to POST /device/commands/{commandId}/result; "
                                            + "polling GET /device/commands keeps working.",
                                    "Device commands",
                                    "device"))
                            .description("WebSocket for devices."));
        };
    }

    /**
     * Written whole here (security, errors as references to the shared responses) because the
     * shared contract customizer may run before this one.
     */
    private static Operation upgrade(String id, String summary, String description, String tag, String scheme) {
        var responses = new ApiResponses()
                .addApiResponse("101", new ApiResponse().description("Switching Protocols: the socket is open."));
        for (var error : List.of(
                List.of("400", "BadRequest"),
                List.of("401", "Unauthorized"),
                List.of("429", "TooManyRequests"),
                List.of("503", "ServiceUnavailable"),
                List.of("default", "Problem"))) {
            responses.addApiResponse(error.get(0), new ApiResponse().$ref("#/components/responses/" + error.get(1)));
        }
        return new Operation()
                .operationId(id)
                .summary(summary)
                .description(description + " 429 when this caller already holds max-connections-per-person live "
                        + "connections, 503 when this instance holds as many as it may; both with Retry-After.")
                .tags(List.of(tag))
                .security(List.of(new SecurityRequirement().addList(scheme)))
                .parameters(List.of(new Parameter()
                        .in("header")
                        .name("Upgrade")
                        .required(true)
                        .description("websocket")
                        .schema(new StringSchema()._enum(List.of("websocket")))))
                .responses(responses);
    }
}
