package io.strideline.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strideline.realtime.Outlet.Closing;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This instance's live connections, indexed by routing key, and its connection limits. Handing an
 * event to the connections of its key never waits: each has its own bounded queue.
 */
@Component
class Hub implements SmartLifecycle {

    /** A place among the instance's connections, held from the upgrade until the connection ends. */
    static final class Ticket {
        private final AtomicBoolean held = new AtomicBoolean(true);
        private final AtomicInteger count;

        private Ticket(AtomicInteger count) {
            this.count = count;
        }

        void release() {
            if (held.compareAndSet(true, false)) {
                count.decrementAndGet();
            }
        }
    }

    private final Map<String, Set<Outlet>> byKey = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Outlet>> byOwner = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final RealtimeSettings settings;
    private final TopicAccess access;
    private final Clock clock;
    private final Counter slowClosed;

    Hub(RealtimeSettings settings, TopicAccess access, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.access = access;
        this.clock = clock;
        this.slowClosed = Counter.builder("strideline.realtime.slow.consumers")
                .description("Live connections closed (1013) because they fell queue-size events behind")
                .register(meters);
        meters.gauge("strideline.realtime.connections", connections);
    }

    /** A place for one more connection, or null when the instance holds max-connections. */
    @Nullable
    Ticket reserve() {
        if (connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            return null;
        }
        return new Ticket(connections);
    }

    /** Whether this person (or device) already holds max-connections-per-person here. */
    boolean atPersonLimit(UUID owner) {
        var open = byOwner.get(owner);
        return open != null && open.size() >= settings.maxConnectionsPerPerson();
    }

    void attach(Outlet outlet) {
        byOwner.computeIfAbsent(outlet.owner, k -> ConcurrentHashMap.newKeySet())
                .add(outlet);
    }

    /**
     * Routes these keys to the connection for this topic (replacing what the topic stood for).
     * Subscribe, unsubscribe and close hold the connection's monitor, so that a close racing a
     * subscribe (a re-check, a renewal) leaves no key behind and two subscribes do not merge.
     */
    void subscribe(Outlet outlet, String topic, Set<String> keys) {
        synchronized (outlet) {
            if (outlet.isClosed()) {
                return;
            }
            if (topic.startsWith(Topic.Kind.CHALLENGE.wire + ":")) {
                outlet.hide(access.blockedEitherWay(outlet.owner));
            }
            var before = outlet.topics.put(topic, keys);
            if (before != null) {
                before.stream().filter(k -> !keys.contains(k)).forEach(k -> remove(k, outlet));
            }
            // compute, not computeIfAbsent + add: remove() may drop an emptied set in between
            keys.forEach(k -> byKey.compute(k, (x, set) -> {
                var outlets = set == null ? ConcurrentHashMap.<Outlet>newKeySet() : set;
                outlets.add(outlet);
                return outlets;
            }));
        }
    }

    void unsubscribe(Outlet outlet, String topic) {
        synchronized (outlet) {
            var keys = outlet.topics.remove(topic);
            if (keys != null) {
                keys.forEach(k -> remove(k, outlet));
            }
        }
    }

    /** Hands the event to this instance's connections of its key (called by the listener thread). */
    void dispatch(LiveEvent event) {
        if (event.type().equals(EventType.ACCESS_CHANGED.wire())) {
            recheck(UUID.fromString(event.key().substring(event.key().indexOf(':') + 1)));
            return;
        }
        var outlets = byKey.get(event.key());
        if (outlets == null) {
            return;
        }
        for (var outlet : outlets) {
            if (!outlet.offer(event)) {
                close(outlet, Closing.SLOW_CONSUMER);
            }
        }
    }

    /** Ends a connection; {@code why} null when the client left. Safe to call more than once. */
    void close(Outlet outlet, @Nullable Closing why) {
        synchronized (outlet) {
            if (!outlet.markClosed(why == null ? Closing.GOING_AWAY : why)) {
                return;
            }
            List.copyOf(outlet.topics.keySet()).forEach(topic -> unsubscribe(outlet, topic));
        }
        var owned = byOwner.get(outlet.owner);
        if (owned != null) {
            owned.remove(outlet);
            if (owned.isEmpty()) {
                byOwner.remove(outlet.owner, owned);
            }
        }
        if (why == Closing.SLOW_CONSUMER) {
            slowClosed.increment();
        }
        outlet.finish();
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * On shutdown, first of all (the default phase stops before the web server's graceful
     * shutdown, which would otherwise wait for the open SSE streams): every client is told to
     * reconnect, to another instance.
     */
    @Override
    public void stop() {
        running = false;
        closeAll();
        // each connection's writer sends its close frame: a moment for them, not for stragglers
        long until = System.nanoTime() + 2_000_000_000L;
        while (connections.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Every client is told to reconnect (to another instance). */
    void closeAll() {
        byOwner.values().forEach(set -> set.forEach(o -> close(o, Closing.GOING_AWAY)));
    }

    /** Closes connections whose token has expired: a connection lives no longer than its token. */
    @Scheduled(fixedDelay = 1_000)
    void closeExpired() {
        var now = clock.instant();
        byOwner.values()
                .forEach(set -> set.forEach(o -> {
                    if (!o.expiresAt().isAfter(now)) {
                        close(o, Closing.TOKEN_EXPIRED);
                    }
                }));
    }

    int connections() {
        return connections.get();
    }

    /**
     * What may be read about {@code id} changed: a person's friendships, blocks or memberships, or
     * a device was removed. That person's connections, and everyone's that follow the device,
     * are checked again: {@code friends} follows the new friends; a connection holding a topic no
     * longer readable is closed (4403), and its client, subscribing again, is told what is refused.
     */
    private void recheck(UUID id) {
        var affected = new LinkedHashSet<Outlet>();
        var owned = byOwner.get(id);
        if (owned != null) {
            owned.stream().filter(o -> !o.isDevice()).forEach(affected::add);
        }
        var following = byKey.get(Topic.device(id));
        if (following != null) {
            affected.addAll(following);
        }
        if (affected.isEmpty()) {
            return;
        }
        // reads; not on the listener thread, which serves every connection of the instance
        Thread.ofVirtual().start(() -> affected.forEach(this::recheck));
    }

    private void recheck(Outlet outlet) {
        String friends = Topic.Kind.FRIENDS.wire;
        try {
            // under the connection's monitor: two re-checks of one person apply in the order they read
            synchronized (outlet) {
                for (String topic : List.copyOf(outlet.topics.keySet())) {
                    if (topic.equals(friends)) {
                        subscribe(outlet, friends, access.friendKeys(outlet.owner));
                    } else if (!access.stillReadable(outlet.owner, topic)) {
                        close(outlet, Closing.ACCESS_REVOKED);
                        return;
                    } else if (topic.startsWith(Topic.Kind.CHALLENGE.wire + ":")) {
                        outlet.hide(access.blockedEitherWay(outlet.owner));
                    }
                }
            }
        } catch (RuntimeException failed) {
            // what it may read is unknown: the client reconnects and subscribes again
            close(outlet, Closing.GOING_AWAY);
        }
    }

    private void remove(String key, Outlet outlet) {
        byKey.computeIfPresent(key, (k, set) -> {
            set.remove(outlet);
            return set.isEmpty() ? null : set;
        });
    }
}
