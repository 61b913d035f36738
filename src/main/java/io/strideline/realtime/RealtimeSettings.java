package io.strideline.realtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code retention}: how long events stay resumable with {@code Last-Event-ID}. {@code queue-size}:
 * events waiting for one slow connection before it is closed (1013). {@code max-connections}: live
 * connections one instance holds; {@code max-connections-per-person}: per person (or device).
 * {@code ping-interval}: a ping (WebSocket) or comment (SSE) when nothing else was sent; a
 * WebSocket that answers nothing for two intervals is closed. {@code auth-timeout}: how long a
 * WebSocket without an {@code Authorization} header has for its {@code auth} message.
 * {@code publish-queue}: events waiting to be written to the log, per instance (beyond: dropped and
 * counted, never slowing the request that caused them). {@code replay-limit}: most events one resume
 * replays; a client further behind is told to reload ({@code reset}). {@code max-topics}: topics
 * per connection. {@code send-timeout}: how long one write to a WebSocket (an event, or the close
 * frame after it) waits for a client that reads nothing before the connection is dropped without a
 * close frame; a client that reads again within it finds its 1013 behind the events in flight.
 * {@code sweep-interval}: how often each instance drains the live-event outbox of what no
 * after-commit nudge drained (another instance died first). {@code drain}: false keeps this
 * instance from draining the outbox at all (tests use it to stand for an instance that dies between
 * commit and drain); it still records events.
 */
@ConfigurationProperties("strideline.realtime")
record RealtimeSettings(
        Duration retention,
        int queueSize,
        int maxConnections,
        int maxConnectionsPerPerson,
        Duration pingInterval,
        Duration authTimeout,
        int publishQueue,
        int replayLimit,
        int maxTopics,
        Duration sendTimeout,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("true") boolean drain) {}
