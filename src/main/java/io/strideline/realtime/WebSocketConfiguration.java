package io.strideline.realtime;

import io.strideline.platform.CurrentDevice;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * {@code /api/v1/ws} (people) and {@code /api/v1/device/ws} (devices). Spring Security has already
 * checked an {@code Authorization} header on the upgrade (a bad or expired one is a 401 there); the
 * interceptor applies the connection limits before the upgrade, so that a refused client gets an
 * HTTP answer with {@code Retry-After} rather than a socket that closes at once. Any origin may
 * connect: sockets authenticate with tokens, never cookies, so a foreign page gains nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    static final String TICKET = "strideline.ticket";
    static final String TOKEN = "strideline.token";
    static final String DEVICE = "strideline.device";

    /**
     * Largest text message a client may send (auth, a subscribe of max-topics topics, ack): larger
     * ones close with 1009. Tomcat allocates its buffers per connection at these sizes, so they are
     * what 10,000 idle connections cost; nothing binary is taken at all.
     */
    static final int MAX_CLIENT_MESSAGE = 4 * 1024;

    static final int MAX_CLIENT_BINARY = 1024;

    private final LiveSocket people;
    private final DeviceSocket devices;
    private final Hub hub;
    private final RealtimeSettings settings;

    WebSocketConfiguration(LiveSocket people, DeviceSocket devices, Hub hub, RealtimeSettings settings) {
        this.people = people;
        this.devices = devices;
        this.hub = hub;
        this.settings = settings;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new SendTimeouts(people, settings.sendTimeout()), "/api/v1/ws")
                .setHandshakeHandler(new WithoutCompression())
                .addInterceptors(new Limits(false))
                .setAllowedOriginPatterns("*");
        registry.addHandler(new SendTimeouts(devices, settings.sendTimeout()), "/api/v1/device/ws")
                .setHandshakeHandler(new WithoutCompression())
                .addInterceptors(new Limits(true))
                .setAllowedOriginPatterns("*");
    }

    /**
     * Tomcat's send timeouts of each connection, set before anything is written to it. Why: a
     * client that stops reading fills the socket buffers, and its writer blocks in the middle of an
     * event; the 1013 {@code slow_consumer} close frame can only follow that event, once the client
     * reads again. Tomcat gave up on both too early and closed the socket without a close frame:
     * the blocked event after 20 s ({@code BLOCKING_SEND_TIMEOUT}), and the close frame itself
     * after 50 ms ({@code ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT}, used for every code but 1000): when
     * the event completed while the buffers were still full (the client only just began reading,
     * or had read just enough of it), the close frame found no room within 50 ms, and the client saw
     * the connection drop. Both now wait {@code send-timeout}; only a client that reads nothing for
     * that long is dropped without a close frame (none could reach it).
     */
    static final class SendTimeouts extends WebSocketHandlerDecorator {
        static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
        static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

        private final Long millis;

        SendTimeouts(WebSocketHandler handler, Duration timeout) {
            super(handler);
            this.millis = timeout.toMillis();
        }

        @Override
        public void afterConnectionEstablished(WebSocketSession session) throws Exception {
            if (session instanceof NativeWebSocketSession nativeSession
                    && nativeSession.getNativeSession() instanceof Session tomcat) {
                // Tomcat reads these per write, as Long
                tomcat.getUserProperties().put(BLOCKING_SEND_TIMEOUT, millis);
                tomcat.getUserProperties().put(CLOSE_SEND_TIMEOUT, millis);
            }
            super.afterConnectionEstablished(session);
        }
    }

    /**
     * Declines permessage-deflate, which browsers offer: a zlib deflater and inflater per
     * connection (hundreds of kB of native memory each) would cost more than everything else a
     * connection holds, for messages of a few hundred bytes.
     */
    private static final class WithoutCompression extends DefaultHandshakeHandler {
        @Override
        protected List<WebSocketExtension> filterRequestedExtensions(
                ServerHttpRequest request, List<WebSocketExtension> requested, List<WebSocketExtension> supported) {
            return List.of();
        }
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_CLIENT_MESSAGE);
        container.setMaxBinaryMessageBufferSize(MAX_CLIENT_BINARY);
        // a client that answers no ping for two intervals is gone
        container.setMaxSessionIdleTimeout(
                settings.pingInterval().multipliedBy(2).toMillis());
        return container;
    }

    /** The instance limit (503) and, where the caller is already known, the per-person limit (429). */
    private final class Limits implements HandshakeInterceptor {
        private final boolean device;

        Limits(boolean device) {
            this.device = device;
        }

        @Override
        public boolean beforeHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler handler,
                Map<String, Object> attributes)
                throws IOException {
            if (!"websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
                // the handshake handler would answer this in plain text
                refuse(
                        response,
                        HttpStatus.BAD_REQUEST,
                        "not_a_websocket_upgrade",
                        "This path only takes a WebSocket upgrade (Upgrade: websocket).");
                return false;
            }
            var auth = SecurityContextHolder.getContext().getAuthentication();
            java.util.UUID owner = null;
            if (device && auth != null && auth.getPrincipal() instanceof CurrentDevice d) {
                attributes.put(DEVICE, d);
                owner = d.id();
            } else if (!device && auth instanceof JwtAuthenticationToken jwt) {
                attributes.put(TOKEN, jwt.getToken());
                owner = java.util.UUID.fromString(jwt.getToken().getSubject());
            }
            if (owner != null && hub.atPersonLimit(owner)) {
                refuse(
                        response,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too_many_connections",
                        "At most " + settings.maxConnectionsPerPerson() + " live connections at once.");
                return false;
            }
            var ticket = hub.reserve();
            if (ticket == null) {
                refuse(
                        response,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "server_full",
                        "This instance holds as many live connections as it may; retry (another instance may take it).");
                return false;
            }
            attributes.put(TICKET, ticket);
            if (request instanceof ServletServerHttpRequest servlet) {
                servlet.getServletRequest().setAttribute(TICKET, ticket);
            }
            return true;
        }

        /** An upgrade that failed (or was refused) after the place was reserved gives it back. */
        @Override
        public void afterHandshake(
                ServerHttpRequest request,
                ServerHttpResponse response,
                WebSocketHandler handler,
                @Nullable Exception exception) {
            boolean upgraded = exception == null
                    && response instanceof ServletServerHttpResponse servlet
                    && servlet.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
            if (!upgraded
                    && request instanceof ServletServerHttpRequest servlet
                    && servlet.getServletRequest().getAttribute(TICKET) instanceof Hub.Ticket ticket) {
                ticket.release();
            }
        }
    }

    /** A problem+json refusal of the upgrade, with Retry-After for 429 and 503. */
    static void refuse(ServerHttpResponse response, HttpStatus status, String code, String detail) throws IOException {
        response.setStatusCode(status);
        if (status.is5xxServerError() || status == HttpStatus.TOO_MANY_REQUESTS) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        }
        response.getHeaders().set(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"}";
        response.getBody().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
