package io.strideline.sync;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SyncRepository {

    /** A device's streak bookkeeping, as stored. */
    record State(
            UUID deviceId,
            UUID orgId,
            int consecutiveFailures,
            boolean streakWarned,
            @Nullable Instant lastSyncAt,
            @Nullable Boolean lastSyncFailed,
            @Nullable Long lastSyncErrors,
            @Nullable Instant lastFailureAt) {}

    /** What the stored events say now about the latest sync and the current streak. */
    record Facts(
            int consecutiveFailures,
            @Nullable Instant lastSyncAt,
            @Nullable Boolean lastSyncFailed,
            @Nullable Long lastSyncErrors,
            @Nullable Instant lastFailureAt) {}

    /** One row of the repeated-failures list. */
    @Schema(description = "A device with repeated failing syncs.")
    record RepeatedFailure(
            @Schema(description = "The device.") UUID deviceId,
            @Schema(description = "Its organization.") UUID orgId,

            @Schema(description = "Failing syncs in the window.", example = "5")
            long failures,

            @Schema(
                    description = "Failing syncs in a row now (after the latest success, by device "
                            + "timestamp); 0 when the latest sync succeeded.",
                    example = "3")
            int consecutiveFailures,

            @Schema(description = "Its latest failing sync in the window.")
            SyncEventView lastFailure) {}

    private static final String COLUMNS =
            "id, device_id, ts, total_files_synced, total_errors, internet_speed, failed, received_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    SyncRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The device's state row, created if missing and locked until the transaction ends: reports
     * of one device are handled one after the other, so two racing reports cannot both warn.
     */
    State lockState(UUID deviceId, UUID orgId) {
        return jdbc.sql("""
                        insert into sync_device_state (device_id, org_id, updated_at) values (:device, :org, :now)
                        on conflict (device_id) do update set org_id = excluded.org_id
                        returning device_id, org_id, consecutive_failures, streak_warned, last_sync_at,
                            last_sync_failed, last_sync_errors, last_failure_at
                        """)
                .param("now", Sql.now(clock))
                .param("device", deviceId)
                .param("org", orgId)
                .query((rs, n) -> new State(
                        rs.getObject("device_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getInt("consecutive_failures"),
                        rs.getBoolean("streak_warned"),
                        nullableInstant(rs, "last_sync_at"),
                        rs.getObject("last_sync_failed", Boolean.class),
                        rs.getObject("last_sync_errors", Long.class),
                        nullableInstant(rs, "last_failure_at")))
                .single();
    }

    Optional<State> state(UUID deviceId) {
        return jdbc.sql("""
                        select device_id, org_id, consecutive_failures, streak_warned, last_sync_at,
                            last_sync_failed, last_sync_errors, last_failure_at
                        from sync_device_state where device_id = ?
                        """)
                .param(deviceId)
                .query((rs, n) -> new State(
                        rs.getObject("device_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getInt("consecutive_failures"),
                        rs.getBoolean("streak_warned"),
                        nullableInstant(rs, "last_sync_at"),
                        rs.getObject("last_sync_failed", Boolean.class),
                        rs.getObject("last_sync_errors", Long.class),
                        nullableInstant(rs, "last_failure_at")))
                .optional();
    }

    /** Inserts unless the device already reported this timestamp; the new row, or empty. */
    Optional<SyncEventView> insert(UUID id, UUID deviceId, UUID orgId, SyncReport report, Instant receivedAt) {
        return jdbc.sql("""
                        insert into sync_events (id, device_id, org_id, ts, total_files_synced, total_errors,
                            internet_speed, received_at)
                        values (:id, :device, :org, :ts, :files, :errors, :speed, :received)
                        on conflict (device_id, ts) do nothing
                        returning\s""" + COLUMNS)
                .param("id", id)
                .param("device", deviceId)
                .param("org", orgId)
                .param("ts", Sql.ts(report.storedTimestamp()))
                .param("files", report.totalFilesSynced())
                .param("errors", report.totalErrors())
                .param("speed", report.internetSpeed())
                .param("received", Sql.ts(receivedAt))
                .query(SyncRepository::view)
                .optional();
    }

    Optional<SyncEventView> find(UUID deviceId, Instant timestamp) {
        return jdbc.sql("select " + COLUMNS + " from sync_events where device_id = ? and ts = ?")
                .params(deviceId, Sql.ts(timestamp))
                .query(SyncRepository::view)
                .optional();
    }

    /**
     * Recomputes the latest sync and the current streak from the stored events, so that a late
     * report with an old timestamp lands where it belongs. The streak is the failures after the
     * latest success (by the device's timestamp): its cost follows the streak, not the history.
     */
    Facts facts(UUID deviceId) {
        return jdbc.sql("""
                        with latest as (
                            select ts, failed, total_errors from sync_events
                            where device_id = :device order by ts desc limit 1
                        ), last_success as (
                            select ts from sync_events
                            where device_id = :device and not failed order by ts desc limit 1
                        )
                        select l.ts, l.failed, l.total_errors,
                            (select count(*) from sync_events e
                             where e.device_id = :device and e.failed
                               and e.ts > coalesce((select ts from last_success), '-infinity')) as streak,
                            (select max(ts) from sync_events e
                             where e.device_id = :device and e.failed) as last_failure_at
                        from latest l
                        """)
                .param("device", deviceId)
                .query((rs, n) -> new Facts(
                        rs.getInt("streak"),
                        nullableInstant(rs, "ts"),
                        rs.getBoolean("failed"),
                        rs.getLong("total_errors"),
                        nullableInstant(rs, "last_failure_at")))
                .optional()
                .orElse(new Facts(0, null, null, null, null));
    }

    void saveState(UUID deviceId, Facts facts, boolean streakWarned) {
        jdbc.sql("""
                        update sync_device_state set consecutive_failures = :streak, streak_warned = :warned,
                            last_sync_at = :lastSync, last_sync_failed = :lastFailed, last_sync_errors = :lastErrors,
                            last_failure_at = :lastFailure, updated_at = :now
                        where device_id = :device
                        """)
                .param("now", Sql.now(clock))
                .param("streak", facts.consecutiveFailures())
                .param("warned", streakWarned)
                .param("lastSync", Sql.ts(facts.lastSyncAt()))
                .param("lastFailed", facts.lastSyncFailed())
                .param("lastErrors", facts.lastSyncErrors())
                .param("lastFailure", Sql.ts(facts.lastFailureAt()))
                .param("device", deviceId)
                .update();
    }

    /** Newest first by the device's timestamp, which is unique per device (the key). */
    List<SyncEventView> history(UUID deviceId, PageRequest page) {
        var sql = new StringBuilder("select " + COLUMNS + " from sync_events where device_id = :device");
        Map<String, Object> params = new HashMap<>();
        params.put("device", deviceId);
        var after = page.after();
        if (after != null) {
            sql.append(" and ts < :after");
            params.put("after", Sql.ts(after.time()));
        }
        sql.append(" order by ts desc limit :limit");
        params.put("limit", page.fetchSize());
        return jdbc.sql(sql.toString())
                .params(params)
                .query(SyncRepository::view)
                .list();
    }

    /**
     * Devices of these organizations with at least {@code minFailures} failing syncs since
     * {@code since} (device timestamps), the most recently failing first. Reads the partial index
     * of failures per organization and time.
     */
    List<RepeatedFailure> repeatedFailures(List<UUID> orgIds, Instant since, int minFailures, PageRequest page) {
        var sql = new StringBuilder("""
                with f as (
                    select device_id, (array_agg(org_id order by ts desc))[1] as org_id, count(*) as failures,
                        max(ts) as last_failure_at
                    from sync_events
                    where org_id = any(:orgs) and failed and ts >= :since
                    group by device_id
                    having count(*) >= :min
                )
                select f.device_id, f.org_id, f.failures, coalesce(s.consecutive_failures, 0) as consecutive,
                    e.id, e.device_id, e.ts, e.total_files_synced, e.total_errors, e.internet_speed, e.failed,
                    e.received_at
                from f
                join sync_events e on e.device_id = f.device_id and e.ts = f.last_failure_at
                left join sync_device_state s on s.device_id = f.device_id
                """);
        Map<String, Object> params = new HashMap<>();
        params.put("orgs", Sql.array("uuid", orgIds.toArray()));
        params.put("since", Sql.ts(since));
        params.put("min", minFailures);
        var after = page.after();
        if (after != null) {
            sql.append(" where (f.last_failure_at, f.device_id) < (:afterTime, :afterId)");
            params.put("afterTime", Sql.ts(after.time()));
            params.put("afterId", after.id());
        }
        sql.append(" order by f.last_failure_at desc, f.device_id desc limit :limit");
        params.put("limit", page.fetchSize());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new RepeatedFailure(
                        rs.getObject("device_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getLong("failures"),
                        rs.getInt("consecutive"),
                        view(rs, n)))
                .list();
    }

    private static SyncEventView view(ResultSet rs, int n) throws SQLException {
        return new SyncEventView(
                rs.getObject("id", UUID.class),
                rs.getObject("device_id", UUID.class),
                Sql.instant(rs, "ts"),
                rs.getLong("total_files_synced"),
                rs.getLong("total_errors"),
                rs.getObject("internet_speed", Double.class),
                rs.getBoolean("failed"),
                Sql.instant(rs, "received_at"));
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
