package io.strideline.realtime;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 * <p>An event of a read-write transaction is inserted into the {@code realtime_outbox} in that
 * transaction, just before it commits (its data is read there), so every committed change has its
 * event even if the instance dies right after commit; nothing is recorded for rolled-back work.
 * After commit the local drainer is nudged: under the cluster-wide writer lock it moves committed
 * outbox rows into the event log, giving them ids in the order it drains them, and NOTIFYs them in
 * the same transaction. Every instance also sweeps the outbox every second, so what a dead
 * instance left is drained by any other (or by itself on its next start). Then a listener thread
 * on each instance, on its own connection with LISTEN, hands every notification to the local
 * {@link Hub}.
 *
 * <p>Events published outside a read-write transaction (device socket presence, read-only work)
 * keep the direct path: queued after commit, written by a writer thread; when that queue is full
 * they are dropped and counted, and a crash loses what is queued.
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
    private final boolean drainAfterCommit;
    private final java.util.concurrent.Semaphore nudge = new java.util.concurrent.Semaphore(0);
    private @Nullable Thread writer;
    private @Nullable Thread drainer;
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
        this.drainAfterCommit = settings.drain();
        Gauge.builder("strideline.realtime.outbox.backlog", eventLog, EventLog::backlogOrNaN)
                .description("Committed live events in the outbox not yet drained into the event log")
                .register(meters);
    }

    /**
     * Records an event in the outbox of the current read-write transaction (just before it
     * commits, once the change it announces is complete, its data read there) and nudges the
     * drainer after commit. Outside a read-write transaction (device socket presence, events of
     * read-only or non-transactional work) it takes the direct path: queued, after commit when
     * there is one, and written by the writer thread, so it is lost when the instance dies first.
     */
    void publish(String key, EventType type, Supplier<@Nullable Object> data) {
        var event = new Outgoing(key, type, clock.instant(), data);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            enqueue(event);
        } else if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()
                && record(event)) {
            return;
        } else {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    enqueue(event);
                }
            });
        }
    }

    /** The events of one transaction, written to the outbox in one insert before it commits. */
    private final class Recorded implements TransactionSynchronization {
        final List<Outgoing> events = new ArrayList<>();
        boolean written;

        EventBus owner() {
            return EventBus.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            written = true;
            var pending = render(events);
            if (!pending.isEmpty()) {
                eventLog.record(pending);
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED && drainAfterCommit) {
                nudge.release();
            }
        }
    }

    /** False when this transaction's outbox insert already ran (an event published after it). */
    private boolean record(Outgoing event) {
        // looked up among this transaction's synchronizations (not a bound resource): a
        // REQUIRES_NEW transaction suspends them, so its events go with its own commit
        Recorded recorded = null;
        for (var synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Recorded r && r.owner() == this) {
                recorded = r;
            }
        }
        if (recorded == null) {
            recorded = new Recorded();
            TransactionSynchronizationManager.registerSynchronization(recorded);
        }
        if (recorded.written) {
            return false;
        }
        recorded.events.add(event);
        return true;
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
        if (settings.drain()) {
            drainer = Thread.ofVirtual().name("realtime-drainer").start(this::drainLoop);
        }
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
        nudge.release();
        join(writer);
        join(drainer);
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
        var pending = render(batch);
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

    /** Reads each event's data; an event whose data is gone or fails to read is dropped. */
    private List<Pending> render(List<Outgoing> batch) {
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
        return pending;
    }

    /**
     * Drains the outbox into the log: right after a local commit (nudged), and every
     * {@code sweep-interval} for what another instance left behind (it died between commit and
     * drain, or drains nothing). Any number of instances may run it at once: the writer lock
     * serialises them.
     */
    private void drainLoop() {
        while (running) {
            try {
                nudge.tryAcquire(settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
                nudge.drainPermits();
                // a full batch: there may be more
                while (eventLog.pendingInOutbox() && eventLog.drain(BATCH) == BATCH) {}
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failed) {
                // the rows stay in the outbox: the next sweep takes them
                log.warn("live events: draining the outbox failed ({}); retrying", failed.toString());
            }
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
