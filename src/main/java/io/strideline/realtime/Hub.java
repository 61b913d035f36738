package io.strideline.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strideline.realtime.Outlet.Closing;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This instance's live connections, indexed by routing key, and its connection limits. Handing an
 * event to the connections of its key never waits: each has its own bounded queue.
 */
@Component
class Hub {

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

    void subscribe(Outlet outlet, String topic, Set<String> keys) {
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
        if (outlet.isClosed()) {
            unsubscribe(outlet, topic);
        }
    }

    void unsubscribe(Outlet outlet, String topic) {
        var keys = outlet.topics.remove(topic);
        if (keys != null) {
            keys.forEach(k -> remove(k, outlet));
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
        if (!outlet.markClosed(why == null ? Closing.GOING_AWAY : why)) {
            return;
        }
        outlet.topics.keySet().forEach(topic -> unsubscribe(outlet, topic));
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

    /** On shutdown: every client is told to reconnect (to another instance). */
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
     * What this person may read changed (a friendship, a block, a membership ended): their
     * {@code friends} topics follow the new friends; a connection holding a topic they may no
     * longer read is closed (4403), and its client subscribes again, being told what is refused.
     */
    private void recheck(UUID person) {
        var outlets = byOwner.get(person);
        if (outlets == null || outlets.isEmpty()) {
            return;
        }
        var open = List.copyOf(outlets);
        // reads; not on the listener thread, which serves every connection of the instance
        Thread.ofVirtual().start(() -> {
            String friends = Topic.Kind.FRIENDS.wire;
            @Nullable Set<String> friendKeys = null;
            for (var outlet : open) {
                for (String topic : List.copyOf(outlet.topics.keySet())) {
                    if (outlet.isClosed()) {
                        break;
                    }
                    if (topic.equals(friends)) {
                        if (friendKeys == null) {
                            friendKeys = access.friendKeys(person);
                        }
                        subscribe(outlet, friends, friendKeys);
                    } else if (!access.stillReadable(person, topic)) {
                        close(outlet, Closing.ACCESS_REVOKED);
                    }
                }
            }
        });
    }

    private void remove(String key, Outlet outlet) {
        byKey.computeIfPresent(key, (k, set) -> {
            set.remove(outlet);
            return set.isEmpty() ? null : set;
        });
    }
}
