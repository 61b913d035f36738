package io.strideline.realtime;

import io.strideline.device.DeviceCommands;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.DeviceAuthenticator;
import io.strideline.realtime.Outlet.Closing;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/v1/device/ws} for devices (device token in the {@code Authorization} header). On
 * connect the server sends every deliverable command, then each new one the moment it is queued:
 * {@code {"type":"command","command":{id, name, params, expires_at, attempt}}}. The device answers
 * {@code {"type":"ack","command_id":…}}; only then is the command {@code delivered} (the server
 * replies {@code {"type":"ack","command_id":…,"delivered":true|false}}). A command can arrive twice
 * (on connect and as it is queued, or again for a retry): devices act on an id once. Results go to
 * {@code POST /device/commands/{id}/result} as before, and polling keeps working.
 */
@Component
class DeviceSocket extends TextWebSocketHandler {

    private static final String OUTLET = "strideline.outlet";

    private final Hub hub;
    private final DeviceCommands commands;
    private final DeviceAuthenticator authenticator;
    private final ObjectMapper json;
    private final RealtimeSettings settings;

    DeviceSocket(
            Hub hub,
            DeviceCommands commands,
            DeviceAuthenticator authenticator,
            ObjectMapper json,
            RealtimeSettings settings) {
        this.hub = hub;
        this.authenticator = authenticator;
        this.commands = commands;
        this.json = json;
        this.settings = settings;
    }

    /**
     * A device's socket. Device tokens do not expire, but they are rotated and revoked, and a
     * removed device's are revoked: the token the socket was opened with is checked again before
     * each command is written, on each ping and on each ack, so a socket opened with a leaked
     * token ends (4401) with the token instead of taking the device's commands.
     */
    private final class DeviceOutlet extends LiveSocket.SocketOutlet {
        private final WebSocketSession session;
        private final String token;

        DeviceOutlet(WebSocketSession session, UUID deviceId, String token) {
            super(session, deviceId, settings, Instant.MAX);
            this.session = session;
            this.token = token;
        }

        @Override
        boolean isDevice() {
            return true;
        }

        /** Whether the socket's token still belongs to its device; closes the socket when not. */
        boolean stillValid() {
            boolean valid = authenticator
                    .authenticate(token)
                    .map(d -> d.id().equals(owner))
                    .orElse(false);
            if (!valid) {
                hub.close(this, Closing.INVALID_TOKEN);
            }
            return valid;
        }

        @Override
        void write(LiveEvent event) throws IOException {
            if (stillValid()) {
                LiveSocket.send(session, "{\"type\":\"command\",\"command\":" + event.data() + '}');
            }
        }

        @Override
        void ping() throws IOException {
            if (stillValid()) {
                super.ping();
            }
        }
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        if (!(session.getAttributes().get(WebSocketConfiguration.DEVICE) instanceof CurrentDevice device)) {
            LiveSocket.close(session, Closing.INVALID_TOKEN);
            return;
        }
        if (hub.atPersonLimit(device.id())) {
            LiveSocket.close(session, Closing.TOO_MANY_CONNECTIONS);
            return;
        }
        String header = session.getHandshakeHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith("Bearer ")) {
            LiveSocket.close(session, Closing.INVALID_TOKEN);
            return;
        }
        var outlet = new DeviceOutlet(
                session, device.id(), header.substring("Bearer ".length()).strip());
        session.getAttributes().put(OUTLET, outlet);
        hub.attach(outlet);
        // subscribed before the pending ones are read: a command queued in between comes twice, never not at all
        hub.subscribe(outlet, "commands", Set.of(Topic.commands(device.id())));
        for (var command : commands.deliverable(device.id())) {
            LiveSocket.send(session, "{\"type\":\"command\",\"command\":" + json.writeValueAsString(command) + '}');
        }
        Thread.ofVirtual().name("device-ws-" + device.id()).start(() -> outlet.run(hub, null));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        var outlet = outlet(session);
        if (outlet == null || !outlet.stillValid()) {
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            error(session, "Messages are JSON objects: {\"type\":\"ack\",\"command_id\":…}.");
            return;
        }
        UUID commandId = null;
        try {
            commandId = UUID.fromString(body.path("command_id").asString(""));
        } catch (IllegalArgumentException notAnId) {
            // answered below
        }
        if (!body.path("type").asString("").equals("ack") || commandId == null) {
            error(session, "Expected {\"type\":\"ack\",\"command_id\":\"<uuid>\"}.");
            return;
        }
        boolean delivered = commands.acknowledge(outlet.owner, commandId);
        LiveSocket.send(
                session,
                json.writeValueAsString(
                        Map.of("type", "ack", "command_id", commandId.toString(), "delivered", delivered)));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        var outlet = outlet(session);
        if (outlet != null) {
            hub.close(outlet, null);
        }
        if (session.getAttributes().get(WebSocketConfiguration.TICKET) instanceof Hub.Ticket ticket) {
            ticket.release();
        }
    }

    private void error(WebSocketSession session, String message) throws IOException {
        LiveSocket.send(
                session,
                json.writeValueAsString(Map.of("type", "error", "code", "invalid_message", "message", message)));
    }

    private static @Nullable DeviceOutlet outlet(WebSocketSession session) {
        return session.getAttributes().get(OUTLET) instanceof DeviceOutlet o ? o : null;
    }
}
