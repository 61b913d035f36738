package io.strideline.realtime;

import io.strideline.platform.AccountCheck;
import io.strideline.platform.ApiException;
import io.strideline.realtime.Outlet.Closing;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/v1/ws} for people. Messages from the client: {@code {"type":"auth","token":…}} (first,
 * within auth-timeout, when the upgrade had no {@code Authorization} header; again later to renew
 * the token before it expires), {@code {"type":"subscribe","topics":[…]}} and {@code
 * {"type":"unsubscribe","topics":[…]}}. Answers: {@code authenticated}, {@code subscribed} (the
 * topics now followed), {@code error} ({@code code}, {@code message}, and the {@code topic} when
 * one was refused); then events {@code {id, type, topic, at, data}}. A connection ends when its
 * token expires (4401 {@code token_expired}) unless a new token came first.
 */
@Component
class LiveSocket extends TextWebSocketHandler {

    private static final String OUTLET = "strideline.outlet";

    private final Hub hub;
    private final TopicAccess access;
    private final JwtDecoder tokens;
    private final AccountCheck accounts;
    private final ObjectMapper json;
    private final Clock clock;
    private final RealtimeSettings settings;

    LiveSocket(
            Hub hub,
            TopicAccess access,
            JwtDecoder tokens,
            AccountCheck accounts,
            ObjectMapper json,
            Clock clock,
            RealtimeSettings settings) {
        this.hub = hub;
        this.access = access;
        this.tokens = tokens;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    /** A WebSocket connection: a person's here, a device's in {@link DeviceSocket}. */
    static class SocketOutlet extends Outlet {
        private final WebSocketSession session;

        SocketOutlet(WebSocketSession session, UUID owner, RealtimeSettings settings, Instant expiresAt) {
            super(owner, settings.queueSize(), settings.pingInterval(), expiresAt);
            this.session = session;
        }

        @Override
        void write(LiveEvent event) throws IOException {
            send(session, event.json());
        }

        @Override
        void ping() throws IOException {
            synchronized (session) {
                session.sendMessage(new PingMessage());
            }
        }

        @Override
        void end(Closing closing) {
            LiveSocket.close(session, closing);
        }
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        if (session.getAttributes().get(WebSocketConfiguration.TOKEN) instanceof Jwt jwt) {
            open(session, jwt);
            return;
        }
        Duration timeout = settings.authTimeout();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (outlet(session) == null && session.isOpen()) {
                close(session, Closing.AUTH_TIMEOUT);
            }
        });
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            error(session, "invalid_message", "Messages are JSON objects with a type.", null);
            return;
        }
        String type = body.path("type").asString("");
        switch (type) {
            case "auth" -> auth(session, body.path("token").asString(""));
            case "subscribe", "unsubscribe" -> {
                var outlet = outlet(session);
                if (outlet == null) {
                    error(session, "not_authenticated", "Send {\"type\":\"auth\",\"token\":…} first.", null);
                    return;
                }
                var topics = body.path("topics");
                if (!topics.isArray() || topics.isEmpty()) {
                    error(session, "validation_failed", "topics must be a non-empty array of topic names.", null);
                    return;
                }
                var names = new ArrayList<String>();
                topics.forEach(t -> names.add(t.asString("")));
                if (type.equals("subscribe")) {
                    subscribe(session, outlet, names);
                } else {
                    names.forEach(t -> hub.unsubscribe(outlet, t));
                    reply(session, Map.of("type", "subscribed", "topics", List.copyOf(outlet.topics.keySet())));
                }
            }
            default -> error(session, "invalid_message", "type must be auth, subscribe or unsubscribe.", null);
        }
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

    private void auth(WebSocketSession session, String token) throws IOException {
        Jwt jwt;
        try {
            jwt = tokens.decode(token);
        } catch (JwtValidationException e) {
            boolean expired = e.getErrors().stream()
                    .anyMatch(err -> String.valueOf(err.getDescription()).contains("expired"));
            close(session, expired ? Closing.TOKEN_EXPIRED : Closing.INVALID_TOKEN);
            return;
        } catch (JwtException e) {
            close(session, Closing.INVALID_TOKEN);
            return;
        }
        var current = outlet(session);
        if (current == null) {
            open(session, jwt);
        } else if (current.owner.toString().equals(jwt.getSubject()) && accounts.exists(current.owner)) {
            current.extend(expiry(jwt));
            authenticated(session, current);
            // what this person may follow may have changed since the last token (a role, a friendship)
            if (!current.topics.isEmpty()) {
                subscribe(session, current, List.copyOf(current.topics.keySet()));
            }
        } else {
            close(session, Closing.INVALID_TOKEN);
        }
    }

    private void open(WebSocketSession session, Jwt jwt) {
        UUID owner = UUID.fromString(Objects.requireNonNull(jwt.getSubject(), "validated by the decoder"));
        if (!accounts.exists(owner)) {
            close(session, Closing.INVALID_TOKEN);
            return;
        }
        if (hub.atPersonLimit(owner)) {
            close(session, Closing.TOO_MANY_CONNECTIONS);
            return;
        }
        var outlet = new SocketOutlet(session, owner, settings, expiry(jwt));
        session.getAttributes().put(OUTLET, outlet);
        hub.attach(outlet);
        try {
            authenticated(session, outlet);
        } catch (IOException e) {
            hub.close(outlet, null);
            return;
        }
        Thread.ofVirtual().name("ws-" + owner).start(() -> outlet.run(hub, null));
    }

    private void authenticated(WebSocketSession session, Outlet outlet) throws IOException {
        reply(
                session,
                Map.of(
                        "type",
                        "authenticated",
                        "user_id",
                        outlet.owner.toString(),
                        "expires_at",
                        outlet.expiresAt().toString()));
    }

    private void subscribe(WebSocketSession session, Outlet outlet, List<String> names) throws IOException {
        for (String name : names) {
            try {
                if (outlet.topics.size() >= settings.maxTopics() && !outlet.topics.containsKey(name)) {
                    throw ApiException.invalid("topics", "at most " + settings.maxTopics() + " topics per connection");
                }
                hub.subscribe(outlet, name, access.keys(outlet.owner, name));
            } catch (ApiException refused) {
                hub.unsubscribe(outlet, name);
                error(session, refused.code(), refused.getMessage(), name);
            }
        }
        reply(session, Map.of("type", "subscribed", "topics", List.copyOf(outlet.topics.keySet())));
    }

    private Instant expiry(Jwt jwt) {
        Instant exp = jwt.getExpiresAt();
        return exp == null ? clock.instant() : exp;
    }

    private static @Nullable Outlet outlet(WebSocketSession session) {
        return session.getAttributes().get(OUTLET) instanceof Outlet o ? o : null;
    }

    private void error(WebSocketSession session, String code, String message, @Nullable String topic)
            throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "error");
        body.put("code", code);
        body.put("message", message);
        if (topic != null) {
            body.put("topic", topic);
        }
        reply(session, body);
    }

    private void reply(WebSocketSession session, Map<String, Object> body) throws IOException {
        send(session, json.writeValueAsString(body));
    }

    /** One writer at a time per socket: the container does not allow two. */
    static void send(WebSocketSession session, String text) throws IOException {
        synchronized (session) {
            session.sendMessage(new TextMessage(text));
        }
    }

    /**
     * After any message another thread is writing (the same lock as {@link #send}): the close frame
     * waits for it here rather than in the container, which would give up on it.
     */
    static void close(WebSocketSession session, Closing closing) {
        synchronized (session) {
            try {
                session.close(new CloseStatus(closing.code, closing.reason));
            } catch (IOException | RuntimeException ignored) {
                // already closed or broken: nothing left to tell the client
            }
        }
    }
}
