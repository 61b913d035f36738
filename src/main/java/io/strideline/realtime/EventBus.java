package io.strideline.realtime;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strideline.realtime.EventLog.Pending;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.ObjectMapper;

/**
 * Carries live events from the instance where they happen to the connections on every instance.
 *
 * <p>Publishing only queues the event once the caller's transaction has committed (nothing is
 * produced for rolled-back work) and returns at once: a writer thread takes what has queued, writes
 * it to the event log and NOTIFYs it in one transaction, then a listener thread on each instance,
 * on its own connection with LISTEN, hands every notification to the local {@link Hub}. Event data
 * that needs a read (an activity's summary) is read by the writer, not the request. When the queue
 * is full (the database is slower than the events) new events are dropped and counted: live updates
 * never slow down or fail the work that causes them.
 */
@Component
class EventBus implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final int BATCH = 500;

    /** An event whose data is computed by the writer; null data drops it (the subject is gone). */
    private record Outgoing(String key, EventType type, java.time.Instant at, Supplier<@Nullable Object> data) {}

    private final EventLog eventLog;
    private final Hub hub;
    private final ObjectMapper json;
    private final DataSource dataSource;
    private final Clock clock;
    private final RealtimeSettings settings;
    private final BlockingQueue<Outgoing> outbox;
    private static final long QUIET_CHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Counter dropped;
    private volatile boolean running;
    private volatile long lastSeen;
    private @Nullable Thread writer;
    private @Nullable Thread listener;
    private volatile @Nullable Connection listening;

    EventBus(
            EventLog eventLog,
            Hub hub,
            ObjectMapper json,
            DataSource dataSource,
            Clock clock,
            RealtimeSettings settings,
            MeterRegistry meters) {
        this.eventLog = eventLog;
        this.hub = hub;
        this.json = json;
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
        this.outbox = new ArrayBlockingQueue<>(settings.publishQueue());
        this.dropped = Counter.builder("strideline.realtime.events.dropped")
                .description(
                        "Live events dropped because the publish queue was full or the event log could not be written")
                .register(meters);
        meters.gauge("strideline.realtime.publish.queue", outbox, BlockingQueue::size);
    }

    /** Queues an event after the current transaction commits (at once when there is none). */
    void publish(String key, EventType type, Supplier<@Nullable Object> data) {
        var event = new Outgoing(key, type, clock.instant(), data);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    enqueue(event);
                }
            });
        } else {
            enqueue(event);
        }
    }

    private void enqueue(Outgoing event) {
        if (!outbox.offer(event)) {
            dropped.increment();
        }
    }

    @Override
    public void start() {
        running = true;
        lastSeen = eventLog.newestId();
        writer = Thread.ofVirtual().name("realtime-writer").start(this::writeLoop);
        listener = Thread.ofPlatform().daemon().name("realtime-listener").start(this::listenLoop);
    }

    /**
     * Starts before the web server and stops after it (a lower phase than its lifecycles): the
     * requests that graceful shutdown lets finish still have their events written.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public void stop() {
        running = false;
        var connection = listening;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing to wake the listener; it is going away either way
            }
        }
        join(writer);
        join(listener);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Keeps the log to the retention window; every instance may run it (a delete of old rows). */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void purge() {
        eventLog.purge(settings.retention());
    }

    private void writeLoop() {
        var batch = new ArrayList<Outgoing>(BATCH);
        while (running || !outbox.isEmpty()) {
            try {
                var first = outbox.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Outgoing> batch) {
        var pending = new ArrayList<Pending>(batch.size());
        for (var e : batch) {
            try {
                Object data = e.data().get();
                if (data != null) {
                    pending.add(new Pending(e.key(), e.type().wire(), e.at(), json.writeValueAsString(data)));
                }
            } catch (RuntimeException failed) {
                dropped.increment();
                log.warn(
                        "live event {} on {} dropped: its data could not be read",
                        e.type().wire(),
                        e.key(),
                        failed);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        try {
            eventLog.write(pending);
        } catch (RuntimeException failed) {
            dropped.increment(pending.size());
            log.warn("{} live event(s) dropped: the event log could not be written", pending.size(), failed);
        }
    }

    /**
     * LISTENs on a connection of its own (outside the pool: it is held for good). When that
     * connection breaks, the next one first reads from the log what was missed meanwhile.
     */
    private void listenLoop() {
        var pool = dataSourceSettings();
        while (running) {
            try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), listenerProperties(pool))) {
                listening = connection;
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + EventLog.CHANNEL);
                }
                var missed = eventLog.after(lastSeen, settings.replayLimit() + 1);
                if (missed.size() > settings.replayLimit()) {
                    // too much to replay here: the clients reconnect (SSE resumes from its Last-Event-ID)
                    log.warn(
                            "live events: {}+ missed while not listening; closing this instance's connections",
                            settings.replayLimit());
                    hub.closeAll();
                    lastSeen = eventLog.newestId();
                } else {
                    missed.forEach(this::dispatch);
                }
                var notifications = connection.unwrap(PGConnection.class);
                long quietSince = System.nanoTime();
                while (running) {
                    var received = notifications.getNotifications(1_000);
                    if (received != null && received.length > 0) {
                        quietSince = System.nanoTime();
                        for (var n : received) {
                            eventLog.parse(n.getParameter()).ifPresent(this::dispatch);
                        }
                    } else if (System.nanoTime() - quietSince > QUIET_CHECK_NANOS) {
                        // a connection dropped without a reset (a failover, a NAT timeout) would
                        // stay silent for good: a round trip fails then, and the loop reconnects
                        try (var statement = connection.createStatement()) {
                            statement.execute("select 1");
                        }
                        quietSince = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("live events: the LISTEN connection failed ({}); reconnecting in 1 s", e.toString());
                    sleep();
                }
            } finally {
                listening = null;
            }
        }
    }

    private void dispatch(LiveEvent event) {
        // the log read after a reconnect and the notifications may overlap
        if (event.id() <= lastSeen) {
            return;
        }
        lastSeen = event.id();
        hub.dispatch(event);
    }

    /** The pool's credentials; a read that hangs on a dead connection fails after a minute. */
    private static Properties listenerProperties(HikariDataSource pool) {
        var properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", "60");
        return properties;
    }

    private HikariDataSource dataSourceSettings() {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("the data source is a Hikari pool (platform's DatabaseConfiguration)", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(@Nullable Thread thread) {
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
