package io.strideline.device;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Heartbeats, reported status, online/offline tracking and log lines of devices. */
@Repository
class DeviceOpsRepository {

    record Heartbeat(
            @Nullable Integer batteryPct,
            @Nullable Integer rssiDbm,
            @Nullable String firmwareVersion,
            @Nullable Long uptimeS) {}

    /** What the status and health answers are made of: one device row. */
    record DeviceState(
            UUID id,
            @Nullable Instant lastSeenAt,
            int inactivityTimeoutSeconds,
            @Nullable Instant offlineAt,
            @Nullable DeviceStatus status,
            @Nullable String statusDetail,
            @Nullable Instant statusAt,
            @Nullable Integer batteryPct,
            @Nullable Integer rssiDbm,
            @Nullable String firmwareVersion,
            @Nullable Long uptimeS,
            @Nullable Instant heartbeatAt,
            Instant now) {

        /** Seen within its inactivity timeout; a device never seen is offline. */
        boolean online() {
            return lastSeenAt != null
                    && offlineAt == null
                    && lastSeenAt.plusSeconds(inactivityTimeoutSeconds).isAfter(now);
        }
    }

    @Schema(description = "An entry of a device's status history.")
    record StatusEvent(
            @Schema(description = "The entry's id.", example = "0190a8c6-3e4f-7a5b-8c6d-7e8f9a0b1c2d")
            UUID id,

            @Schema(description = "When it happened.", example = "2026-03-01T08:30:00Z")
            Instant at,

            @Schema(description = "What happened.", example = "reported")
            StatusEventKind kind,

            @Schema(description = "The status reported; null unless kind is reported.", example = "degraded") @Nullable
            DeviceStatus status,

            @Schema(description = "The detail reported; null when none.", example = "SD card 95% full") @Nullable
            String detail) {}

    record LogLine(
            Instant ts,
            LogLevel level,
            String message,
            @Nullable JsonNode context) {}

    @Schema(description = "A stored log line of a device.")
    record StoredLog(
            @Schema(
                    description = "The line's id, derived from its level and message.",
                    example = "5d41402a-bc4b-2a76-b971-9d911017c592")
            UUID id,

            @Schema(description = "Device time of the line.", example = "2026-03-01T08:29:58.120Z")
            Instant ts,

            @Schema(description = "Its severity.", example = "warn")
            LogLevel level,

            @Schema(description = "The text.", example = "battery low")
            String message,

            @Schema(description = "Structured details; null when none.") @Nullable
            JsonNode context,

            @Schema(description = "When the server stored it.", example = "2026-03-01T08:30:00Z")
            Instant receivedAt) {}

    /** A device the offline job just marked offline. */
    record WentOffline(UUID deviceId, UUID orgId, Instant lastSeenAt) {}

    record ErrorCounts(long total, long errors) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    DeviceOpsRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return Sql.now(clock);
    }

    /** Stores the latest keep-alive values; values the device left out keep their previous value. */
    void heartbeat(UUID deviceId, Heartbeat hb) {
        jdbc.sql("""
                        update devices set
                            battery_pct = coalesce(?, battery_pct),
                            rssi_dbm = coalesce(?, rssi_dbm),
                            firmware_version = coalesce(?, firmware_version),
                            uptime_s = coalesce(?, uptime_s),
                            heartbeat_at = ?,
                            last_seen_at = ?
                        where id = ?
                        """)
                .params(hb.batteryPct(), hb.rssiDbm(), hb.firmwareVersion(), hb.uptimeS(), now(), now(), deviceId)
                .update();
    }

    /** The device's reported status and its history entry, written together. */
    Instant reportStatus(UUID eventId, UUID deviceId, DeviceStatus status, @Nullable String detail) {
        return jdbc.sql("""
                        with d as (
                            update devices set status = ?, status_detail = ?, status_at = ? where id = ?
                            returning id, status_at
                        )
                        insert into device_status_events (id, device_id, at, kind, status, detail)
                        select ?, d.id, d.status_at, 'reported', ?, ? from d
                        returning at
                        """)
                .params(status.wire(), detail, now(), deviceId, eventId, status.wire(), detail)
                .query((rs, n) -> Sql.instant(rs, "at"))
                .single();
    }

    Optional<DeviceState> state(UUID deviceId) {
        return jdbc.sql("""
                        select id, last_seen_at, inactivity_timeout_s, offline_at, status, status_detail, status_at,
                               battery_pct, rssi_dbm, firmware_version, uptime_s, heartbeat_at, ? as now
                        from devices where id = ? and removed_at is null
                        """)
                .params(now(), deviceId)
                .query((rs, n) -> new DeviceState(
                        rs.getObject("id", UUID.class),
                        nullableInstant(rs, "last_seen_at"),
                        rs.getInt("inactivity_timeout_s"),
                        nullableInstant(rs, "offline_at"),
                        status(rs.getString("status")),
                        rs.getString("status_detail"),
                        nullableInstant(rs, "status_at"),
                        rs.getObject("battery_pct", Integer.class),
                        rs.getObject("rssi_dbm", Integer.class),
                        rs.getString("firmware_version"),
                        rs.getObject("uptime_s", Long.class),
                        nullableInstant(rs, "heartbeat_at"),
                        Sql.instant(rs, "now")))
                .optional();
    }

    // --- online / offline

    /**
     * Marks every device that outlived its inactivity timeout offline, in one set-based statement.
     * Row locks make it safe on several instances at once: a row another run marked first no
     * longer matches {@code offline_at is null}, so each device goes offline once.
     */
    List<WentOffline> markOffline() {
        return markOffline(null);
    }

    /** {@link #markOffline()} of one device only ({@code deviceId} null: of all of them). */
    List<WentOffline> markOffline(@Nullable UUID deviceId) {
        var now = now();
        return jdbc.sql("""
                        update devices set offline_at = ?
                        where offline_at is null and removed_at is null and last_seen_at is not null
                          and last_seen_at < ? - make_interval(secs => inactivity_timeout_s)
                          and (cast(? as uuid) is null or id = ?)
                        returning id, org_id, last_seen_at
                        """)
                .params(now, now, deviceId, deviceId)
                .query((rs, n) -> new WentOffline(
                        rs.getObject("id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        Sql.instant(rs, "last_seen_at")))
                .list();
    }

    /**
     * One 'offline' event per device, in one statement: at now (the job noticed it), or, when
     * {@code atLapse}, at the moment its timeout ran out (recorded late, when it came back before the
     * job ran: so that it sorts before the 'online' of the same transaction).
     */
    void insertOfflineEvents(List<UUID> eventIds, List<UUID> deviceIds, boolean atLapse) {
        jdbc.sql("""
                        insert into device_status_events (id, device_id, at, kind)
                        select e.id, e.device_id,
                               case when ? then d.last_seen_at + make_interval(secs => d.inactivity_timeout_s)
                                    else ? end,
                               'offline'
                        from unnest(?::text[]::uuid[], ?::text[]::uuid[]) as e(id, device_id)
                        join devices d on d.id = e.device_id
                        """).params(atLapse, now(), texts(eventIds), texts(deviceIds)).update();
    }

    /**
     * Clears the offline mark of a device that was seen again (or sets the first sighting of one
     * never seen) and records 'online', in one statement. Empty when it was neither (any more): of
     * two requests racing here, the second waits for the first's row lock, then no longer matches,
     * so 'online' is recorded once.
     */
    Optional<Instant> markOnline(UUID eventId, UUID deviceId) {
        return jdbc.sql("""
                        with back as (
                            update devices set offline_at = null, last_seen_at = ?
                            where id = ? and (offline_at is not null or last_seen_at is null)
                            returning id, last_seen_at
                        )
                        insert into device_status_events (id, device_id, at, kind)
                        select ?, back.id, back.last_seen_at, 'online' from back
                        returning at
                        """)
                .params(now(), deviceId, eventId)
                .query((rs, n) -> Sql.instant(rs, "at"))
                .optional();
    }

    List<StatusEvent> statusEvents(UUID deviceId, PageRequest page) {
        var params = new ArrayList<Object>();
        params.add(deviceId);
        var after = page.after();
        if (after != null) {
            params.add(Sql.ts(after.time()));
            params.add(after.id());
        }
        params.add(page.fetchSize());
        return jdbc.sql("select id, at, kind, status, detail from device_status_events where device_id = ?"
                        + (after == null ? "" : " and (at, id) < (?, ?)")
                        + " order by at desc, id desc limit ?")
                .params(params)
                .query((rs, n) -> new StatusEvent(
                        rs.getObject("id", UUID.class),
                        Sql.instant(rs, "at"),
                        StatusEventKind.of(rs.getString("kind")),
                        status(rs.getString("status")),
                        rs.getString("detail")))
                .list();
    }

    // --- logs

    /**
     * All lines in one statement from parallel arrays. A line already stored (same time, level and
     * message: a retried upload) is skipped. Answers how many lines were new.
     */
    int insertLogs(UUID deviceId, List<LogLine> lines) {
        int n = lines.size();
        // arrays of text, cast in SQL: pgjdbc binds String[] everywhere, timestamp arrays not
        var ts = new String[n];
        var levels = new String[n];
        var messages = new String[n];
        var contexts = new @Nullable String[n];
        for (int i = 0; i < n; i++) {
            var line = lines.get(i);
            ts[i] = line.ts().toString();
            levels[i] = line.level().wire();
            messages[i] = line.message();
            contexts[i] = line.context() == null ? null : json.writeValueAsString(line.context());
        }
        return jdbc.sql("""
                        insert into device_logs (device_id, ts, id, level, message, context, received_at)
                        select ?, l.ts, md5(l.level || ':' || l.message)::uuid, l.level, l.message, l.context::jsonb, ?
                        from unnest(?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[]) as l(ts, level, message, context)
                        on conflict do nothing
                        """)
                .params(deviceId, now(), ts, levels, messages, contexts)
                .update();
    }

    List<StoredLog> logs(
            UUID deviceId, Collection<String> levels, @Nullable Instant from, @Nullable Instant to, PageRequest page) {
        var sql = new StringBuilder(
                "select id, ts, level, message, context::text as context, received_at from device_logs"
                        + " where device_id = ? and level = any(?)");
        var params = new ArrayList<Object>();
        params.add(deviceId);
        params.add(levels.toArray(String[]::new));
        if (from != null) {
            sql.append(" and ts >= ?");
            params.add(Sql.ts(from));
        }
        if (to != null) {
            sql.append(" and ts < ?");
            params.add(Sql.ts(to));
        }
        var after = page.after();
        if (after != null) {
            sql.append(" and (ts, id) < (?, ?)");
            params.add(Sql.ts(after.time()));
            params.add(after.id());
        }
        sql.append(" order by ts desc, id desc limit ?");
        params.add(page.fetchSize());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> {
                    String context = rs.getString("context");
                    return new StoredLog(
                            rs.getObject("id", UUID.class),
                            Sql.instant(rs, "ts"),
                            LogLevel.of(rs.getString("level")),
                            rs.getString("message"),
                            context == null ? null : json.readTree(context),
                            Sql.instant(rs, "received_at"));
                })
                .list();
    }

    /** Log lines with a device time in the last 24 hours, and how many of them are errors. */
    ErrorCounts errorCounts(UUID deviceId) {
        return jdbc.sql("""
                        select count(*) as total, count(*) filter (where level = 'error') as errors
                        from device_logs where device_id = ? and ts > ? - interval '24 hours'
                        """)
                .params(deviceId, now())
                .query((rs, n) -> new ErrorCounts(rs.getLong("total"), rs.getLong("errors")))
                .single();
    }

    private static String[] texts(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static @Nullable DeviceStatus status(@Nullable String value) {
        return value == null ? null : DeviceStatus.of(value);
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
