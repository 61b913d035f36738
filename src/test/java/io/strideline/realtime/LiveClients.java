package io.strideline.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real WebSocket and SSE clients (the JDK's), as an app or a device would connect. */
final class LiveClients {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private LiveClients() {}

    /** A WebSocket client that collects what the server sends; {@code reading=false} never reads past the first message. */
    static final class Ws implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        volatile String closeReason = "";
        private volatile boolean reading;
        private final String base;
        private final StringBuilder partial = new StringBuilder();

        @Nullable
        WebSocket socket;

        Ws(String base, boolean reading) {
            this.base = base;
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            if (reading || !last) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }

        /** Starts reading everything (a slow client catching up). */
        void drain() {
            reading = true;
            socket().request(Long.MAX_VALUE);
        }

        void send(String text) {
            socket().sendText(text, true).join();
        }

        WebSocket socket() {
            if (socket == null) {
                throw new IllegalStateException("not connected");
            }
            return socket;
        }

        /** The next message the predicate accepts; earlier ones are dropped. Events are checked against the document. */
        JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                var m = messages.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && m.has("id")) {
                    ApiContract.checkLiveEvent(base, m.toString());
                }
                if (m != null && wanted.test(m)) {
                    return m;
                }
            }
            throw new AssertionError("no such message within " + WAIT + "; close code " + closeCode.getNow(null));
        }

        JsonNode next(String type) throws InterruptedException {
            return next(m -> m.path("type").asString().equals(type));
        }

        int awaitClose() {
            return closeCode.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    static Ws ws(int port, String path, @Nullable String bearer) {
        return ws(port, path, bearer, true);
    }

    static Ws ws(int port, String path, @Nullable String bearer, boolean reading) {
        var client = new Ws("http://localhost:" + port, reading);
        var builder = HTTP.newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        client.socket = builder.buildAsync(URI.create("ws://localhost:" + port + path), client)
                .join();
        return client;
    }

    /** The HTTP status an upgrade was refused with. */
    static int refusedUpgrade(int port, String path, @Nullable String bearer) {
        var builder = HTTP.newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            builder.buildAsync(URI.create("ws://localhost:" + port + path), new Ws("http://localhost:" + port, true))
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was accepted");
    }

    /** One SSE message. */
    record Sse(@Nullable String id, String event, String data) {
        JsonNode json() {
            return JSON.readTree(data);
        }
    }

    /** An SSE stream read on a thread of its own. */
    static final class Stream {
        final LinkedBlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final String base;

        Stream(String base, CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response) {
            this.base = base;
            this.response = response;
            response.thenAcceptAsync(r -> {
                String id = null;
                String event = "message";
                var data = new StringBuilder();
                try {
                    for (String line : (Iterable<String>) r.body()::iterator) {
                        if (line.isEmpty()) {
                            if (!data.isEmpty()) {
                                events.add(new Sse(id, event, data.toString()));
                            }
                            id = null;
                            event = "message";
                            data.setLength(0);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).strip();
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).strip());
                        }
                    }
                } catch (RuntimeException closed) {
                    // the stream was cancelled
                } finally {
                    ended.complete(null);
                }
            });
        }

        int status() {
            return response.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().statusCode();
        }

        Sse next(String event) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                var e = poll();
                if (e != null && e.event().equals(event)) {
                    return e;
                }
            }
            throw new AssertionError("no " + event + " event within " + WAIT);
        }

        /** The next {@code n} events (of any name but {@code subscribed}). */
        List<Sse> take(int n) throws InterruptedException {
            var out = new ArrayList<Sse>();
            long end = System.nanoTime() + WAIT.toNanos();
            while (out.size() < n && System.nanoTime() < end) {
                var e = poll();
                if (e != null && !e.event().equals("subscribed")) {
                    out.add(e);
                }
            }
            assertThat(out).as("events received").hasSize(n);
            return out;
        }

        /** The next event, checked against the document unless it is the stream's own subscribed or closed. */
        private @Nullable Sse poll() throws InterruptedException {
            var e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && !e.event().equals("subscribed") && !e.event().equals("closed")) {
                ApiContract.checkLiveEvent(base, e.data());
            }
            return e;
        }

        void close() {
            response.thenAccept(r -> r.body().close());
        }
    }

    static Stream sse(int port, String bearer, String topics, @Nullable String lastEventId) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events?topics=" + topics))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new Stream(
                "http://localhost:" + port, HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }
}
