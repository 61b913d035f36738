package io.strideline.realtime;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One live connection (a WebSocket or an SSE stream) on this instance: a bounded queue that the
 * {@link Hub} fills without ever waiting, and a virtual thread of its own that writes the queue to
 * the client. A client that falls {@code queue-size} events behind is closed (1013), so a slow
 * reader costs its own connection, never the producers or the other clients.
 */
abstract class Outlet {

    /** Wakes the writer when the connection is closed while its queue is empty. */
    private static final LiveEvent WAKE_UP = new LiveEvent(0, "", "", Instant.EPOCH, "null");

    /** Why the server closes a connection: a WebSocket close code and reason. */
    enum Closing {
        GOING_AWAY(1001, "server_shutdown"),
        SLOW_CONSUMER(1013, "slow_consumer: fell too far behind; reconnect"),
        TOKEN_EXPIRED(4401, "token_expired"),
        INVALID_TOKEN(4401, "invalid_token"),
        ACCESS_REVOKED(4403, "access_revoked: a topic is no longer readable; subscribe again"),
        AUTH_TIMEOUT(4401, "auth_timeout: send {\"type\":\"auth\",\"token\":...} first"),
        TOO_MANY_CONNECTIONS(4429, "too_many_connections");

        final int code;
        final String reason;

        Closing(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    /** Whose connection it is: a person or, on the device socket, a device. */
    final UUID owner;

    /** The client's topics (as written) with the routing keys each stands for. */
    final Map<String, Set<String>> topics = new ConcurrentHashMap<>();

    private final BlockingQueue<LiveEvent> queue;
    private final Duration pingInterval;
    private volatile Instant expiresAt;
    private volatile long lastSent;
    private volatile boolean closed;
    private volatile Set<String> hidden = Set.of();
    private volatile Closing closing = Closing.GOING_AWAY;
    private volatile boolean writing;
    private final AtomicBoolean ended = new AtomicBoolean();

    Outlet(UUID owner, int queueSize, Duration pingInterval, Instant expiresAt) {
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.pingInterval = pingInterval;
        this.expiresAt = expiresAt;
    }

    /** Writes one event to the client; blocks while the client reads slowly. */
    abstract void write(LiveEvent event) throws IOException;

    /** Keeps an idle connection alive and finds dead ones (a write fails). */
    abstract void ping() throws IOException;

    /** Tells the client why and closes the connection; may block on a slow client. */
    abstract void end(Closing closing);

    /** Hands an event over without waiting; false when the queue is full (the caller closes us). */
    final boolean offer(LiveEvent event) {
        return closed || queue.offer(event);
    }

    /**
     * The people this connection's owner blocked or was blocked by: their entries in
     * {@code challenge_update} events are not sent here (the leaderboard hides them too).
     */
    final void hide(Collection<UUID> people) {
        hidden = people.stream().map(UUID::toString).collect(Collectors.toUnmodifiableSet());
    }

    private boolean hides(LiveEvent event) {
        var people = hidden;
        return !people.isEmpty()
                && event.type().equals(EventType.CHALLENGE_UPDATE.wire())
                && people.stream().anyMatch(event.data()::contains);
    }

    /** A device's own socket (commands), not a person's. */
    boolean isDevice() {
        return false;
    }

    final boolean isClosed() {
        return closed;
    }

    /** Marks the connection closed, for this reason; true the first time. */
    final synchronized boolean markClosed(Closing why) {
        if (closed) {
            return false;
        }
        closing = why;
        closed = true;
        return true;
    }

    /**
     * Has the connection's own writer say goodbye once its current write is done, so the caller
     * (the bus's listener thread, a scheduler) never waits on a slow client, and the close frame
     * follows the events already in flight instead of cutting one in half. A client that never
     * reads again is cut off by the container's blocking-send timeout ({@code send-timeout}; see
     * {@link WebSocketConfiguration.SendTimeouts} for why it also covers the close frame).
     */
    final void finish() {
        queue.clear();
        queue.offer(WAKE_UP);
        if (!writing) {
            // no writer yet to say goodbye; never on the caller's thread (the listener's, a scheduler's)
            Thread.ofVirtual().start(this::endOnce);
        }
    }

    private void endOnce() {
        if (ended.compareAndSet(false, true)) {
            end(closing);
        }
    }

    /** A renewed token (WebSocket {@code auth} again) moves the end of the connection. */
    final void extend(Instant newExpiry) {
        this.expiresAt = newExpiry;
    }

    /** When the token it was opened with expires (the {@link Hub} closes it then). */
    final Instant expiresAt() {
        return expiresAt;
    }

    final long lastSent() {
        return lastSent;
    }

    /**
     * Writes replayed events (from the log, oldest first) before the live ones; the live ones
     * already queued that the replay covered are skipped by id, so each is sent once.
     */
    final void replay(List<LiveEvent> events) throws IOException {
        for (var e : events) {
            send(e);
        }
    }

    /** The writer loop, on the connection's own virtual thread, until the connection ends. */
    final void run(Hub hub, @Nullable List<LiveEvent> replay) {
        writing = true;
        try {
            if (replay != null) {
                replay(replay);
            }
            long pingMillis = pingInterval.toMillis();
            while (!closed) {
                var event = queue.poll(pingMillis, TimeUnit.MILLISECONDS);
                if (event == WAKE_UP) {
                    break;
                } else if (event != null) {
                    send(event);
                } else if (!closed) {
                    ping();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (or the container closed the connection under us)
            hub.close(this, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hub.close(this, Closing.GOING_AWAY);
        } finally {
            endOnce();
        }
    }

    private void send(LiveEvent event) throws IOException {
        if (closed || event.id() <= lastSent || hides(event)) {
            return;
        }
        write(event);
        lastSent = event.id();
    }
}
