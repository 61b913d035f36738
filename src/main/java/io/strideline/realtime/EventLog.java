package io.strideline.realtime;

import io.strideline.platform.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

/** The short-lived event log ({@code realtime_events}) and the NOTIFY that announces each event. */
@Repository
class EventLog {

    static final String CHANNEL = "strideline_events";

    /**
     * NOTIFY payloads must stay under 8,000 bytes; a larger event is announced by its id alone and
     * read from the log by each instance.
     */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    /** Serialises writers across the cluster, so that ids commit in the order they were taken. */
    private static final long WRITER_LOCK = 0x5374_7269_6465_4c31L;

    /** An event to write; the log gives it its id. */
    record Pending(String key, String type, Instant at, String data) {}

    private final JdbcClient jdbc;
    private final TransactionOperations tx;

    EventLog(JdbcClient jdbc, TransactionOperations tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Writes a batch and NOTIFYs each event, in one transaction under the writer lock: listeners on
     * every instance get the notifications only once the rows are committed, in id order.
     */
    List<LiveEvent> write(List<Pending> batch) {
        var written = tx.execute(status -> {
            lock();
            return append(batch);
        });
        return written == null ? List.of() : written;
    }

    /**
     * Records events in the outbox inside the caller's transaction: they become visible to the
     * drainers only when it commits, and vanish with it when it rolls back.
     */
    void record(List<Pending> batch) {
        jdbc.sql("""
                        insert into realtime_outbox (key, type, at, data)
                        select key, type, at, cast(data as jsonb)
                        from unnest(:keys, :types, :ats, :data) with ordinality as e(key, type, at, data, n)
                        order by n
                        """)
                .param(
                        "keys",
                        Sql.array("text", batch.stream().map(Pending::key).toArray(String[]::new)))
                .param(
                        "types",
                        Sql.array("text", batch.stream().map(Pending::type).toArray(String[]::new)))
                .param(
                        "ats",
                        Sql.array(
                                "timestamptz",
                                batch.stream().map(p -> Sql.ts(p.at())).toArray()))
                .param(
                        "data",
                        Sql.array("text", batch.stream().map(Pending::data).toArray(String[]::new)))
                .update();
    }

    /**
     * Moves up to {@code limit} committed outbox rows into the log, in outbox order, under the
     * writer lock: ids are handed out in the order rows are drained, which is the order in which
     * their transactions became visible. A long transaction that took a low outbox id and commits
     * late gets a higher log id than rows drained before it, which is what subscribers need: one
     * that saw id N is never sent a later event below N. {@code skip locked} lets a drainer pass
     * rows another is deleting (it cannot, under the lock, but it costs nothing). Returns how many
     * rows were drained; the caller drains again while a full batch came.
     */
    int drain(int limit) {
        Integer drained = tx.execute(status -> {
            lock();
            List<Pending> batch = jdbc
                    .sql("""
                            delete from realtime_outbox where outbox_id in (
                                select outbox_id from realtime_outbox order by outbox_id
                                limit ? for update skip locked)
                            returning outbox_id, key, type, at, data::text as data
                            """)
                    .param(limit)
                    .query((rs, n) -> new Drained(
                            rs.getLong("outbox_id"),
                            new Pending(
                                    rs.getString("key"),
                                    rs.getString("type"),
                                    Sql.instant(rs, "at"),
                                    rs.getString("data"))))
                    .list()
                    .stream()
                    .sorted(java.util.Comparator.comparingLong(Drained::outboxId))
                    .map(Drained::event)
                    .toList();
            if (!batch.isEmpty()) {
                append(batch);
            }
            return batch.size();
        });
        return drained == null ? 0 : drained;
    }

    private record Drained(long outboxId, Pending event) {}

    /** Whether the outbox holds a committed row: an idle sweep takes no lock. */
    boolean pendingInOutbox() {
        return jdbc.sql("select exists (select 1 from realtime_outbox)")
                .query(Boolean.class)
                .single();
    }

    /** {@link #backlog()} for a gauge, which must not throw while the database is away. */
    double backlogOrNaN() {
        try {
            return backlog();
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    /** Committed outbox rows not yet drained (an operator's gauge: it stays near 0). */
    long backlog() {
        return jdbc.sql("select count(*) from realtime_outbox")
                .query(Long.class)
                .single();
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(?)")
                .param(WRITER_LOCK)
                .query((rs, n) -> 1)
                .list();
    }

    /** Gives a batch its ids, inserts and NOTIFYs it; the caller holds the writer lock. */
    private List<LiveEvent> append(List<Pending> batch) {
        List<Long> ids = jdbc.sql("select nextval('realtime_events_id_seq') from generate_series(1, ?)")
                .param(batch.size())
                .query((rs, n) -> rs.getLong(1))
                .list();
        var events = new ArrayList<LiveEvent>(batch.size());
        var payloads = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            var e = new LiveEvent(ids.get(i), p.key(), p.type(), p.at(), p.data());
            events.add(e);
            payloads[i] = payload(e);
        }
        jdbc.sql("""
                            insert into realtime_events (id, key, type, at, data)
                            select id, key, type, at, cast(data as jsonb)
                            from unnest(:ids, :keys, :types, :ats, :data) as e(id, key, type, at, data)
                            """)
                .param(
                        "ids",
                        Sql.array("bigint", events.stream().map(LiveEvent::id).toArray(Long[]::new)))
                .param(
                        "keys",
                        Sql.array("text", events.stream().map(LiveEvent::key).toArray(String[]::new)))
                .param(
                        "types",
                        Sql.array("text", events.stream().map(LiveEvent::type).toArray(String[]::new)))
                .param(
                        "ats",
                        Sql.array(
                                "timestamptz",
                                events.stream().map(e -> Sql.ts(e.at())).toArray()))
                .param(
                        "data",
                        Sql.array("text", events.stream().map(LiveEvent::data).toArray(String[]::new)))
                .update();
        jdbc.sql("select pg_notify('" + CHANNEL + "', p) from unnest(?) with ordinality as t(p, n) order by n")
                .param(Sql.array("text", payloads))
                .query((rs, n) -> 1)
                .list();
        return events;
    }

    /** {@code id \n key \n type \n at \n data}, or the id alone when that would be too large. */
    static String payload(LiveEvent e) {
        String full = e.id() + "\n" + e.key() + "\n" + e.type() + "\n" + e.at() + "\n" + e.data();
        return full.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES ? full : Long.toString(e.id());
    }

    /** The event a notification announced; empty when the payload is an id whose row is gone. */
    Optional<LiveEvent> parse(String payload) {
        int newline = payload.indexOf('\n');
        if (newline < 0) {
            return find(Long.parseLong(payload));
        }
        String[] parts = payload.split("\n", 5);
        return Optional.of(
                new LiveEvent(Long.parseLong(parts[0]), parts[1], parts[2], Instant.parse(parts[3]), parts[4]));
    }

    Optional<LiveEvent> find(long id) {
        return jdbc.sql("select id, key, type, at, data::text as data from realtime_events where id = ?")
                .param(id)
                .query(EventLog::event)
                .optional();
    }

    /** Events of these keys after {@code id}, in order, at most {@code limit}. */
    List<LiveEvent> after(long id, Collection<String> keys, int limit) {
        return jdbc.sql("""
                        select id, key, type, at, data::text as data from realtime_events
                        where key = any(?) and id > ? order by id limit ?
                        """)
                .params(Sql.array("text", keys.toArray(String[]::new)), id, limit)
                .query(EventLog::event)
                .list();
    }

    /** Every event after {@code id}: what an instance missed while its LISTEN connection was down. */
    List<LiveEvent> after(long id, int limit) {
        return jdbc.sql(
                        "select id, key, type, at, data::text as data from realtime_events where id > ? order by id limit ?")
                .params(id, limit)
                .query(EventLog::event)
                .list();
    }

    /**
     * Whether a client that saw {@code id} can resume: the log still holds an event at or before
     * it. Rows leave in id order, so then nothing after it has left.
     */
    boolean holds(long id) {
        return jdbc.sql("select exists (select 1 from realtime_events where id <= ?)")
                .param(id)
                .query(Boolean.class)
                .single();
    }

    long newestId() {
        return jdbc.sql("select coalesce(max(id), 0) from realtime_events")
                .query(Long.class)
                .single();
    }

    /** Drops what is older than the retention window; idempotent, so any instance may run it. */
    int purge(Duration retention) {
        // PostgreSQL's clock (one clock): created_at is clock_timestamp() under the writer lock, so that it grows with
        // id
        return jdbc.sql("delete from realtime_events where created_at < now() - make_interval(secs => ?)")
                .param((double) retention.toSeconds())
                .update();
    }

    private static LiveEvent event(ResultSet rs, int row) throws SQLException {
        return new LiveEvent(
                rs.getLong("id"),
                rs.getString("key"),
                rs.getString("type"),
                Sql.instant(rs, "at"),
                rs.getString("data"));
    }
}
