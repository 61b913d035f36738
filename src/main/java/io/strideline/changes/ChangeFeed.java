package io.strideline.changes;

import io.strideline.activity.ActivityChanged;
import io.strideline.device.DeviceChanged;
import io.strideline.gamification.GoalChanged;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.strideline.platform.WireEnum;
import io.strideline.route.RouteChanged;
import io.strideline.steps.StepsChanged;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records what changed for whom, in the transaction that made the change (synchronous listeners),
 * and serves it to offline-first apps by cursor.
 */
@Component
class ChangeFeed {

    @ConfigurationProperties("strideline.sync.changes")
    record ChangeSettings(Duration retention) {}

    @Schema(name = "FeedChange", description = "One change of an entity I can see.")
    record Change(
            @Schema(description = "Kind of entity; fetch it from its own endpoint.", example = "activity")
            ChangeEntity entity,

            @Schema(
                    description = "Its id: a UUID, or for steps the local date (YYYY-MM-DD).",
                    example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            String id,

            @Schema(
                    description = "upsert: created or changed, fetch it; delete: delete it locally.",
                    example = "upsert")
            ChangeOp op,

            @Schema(description = "When it changed.", example = "2026-03-01T07:31:02Z")
            Instant changedAt) {}

    @Schema(description = "A page of the change feed.")
    record Changes(
            @Schema(description = "Changes after the cursor, oldest first; none without a cursor.")
            List<Change> items,

            @Schema(description = "The cursor to ask with next (always present).", example = "djE6MTIzNDU6Njc")
            String nextCursor,

            @Schema(description = "true when more changes are waiting: ask again at once.", example = "false")
            boolean hasMore) {}

    /** A position in the feed: everything up to (xid, id) was seen. */
    record Position(long xid, long id) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("v1:" + xid + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                if (parts.length != 3 || !parts[0].equals("v1")) {
                    throw new IllegalArgumentException(cursor);
                }
                return new Position(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor", "is not a cursor this server issued");
            }
        }
    }

    private final JdbcClient jdbc;
    private final OrgAccess orgs;
    private final ChangeSettings settings;
    private final Clock clock;

    ChangeFeed(JdbcClient jdbc, OrgAccess orgs, ChangeSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.orgs = orgs;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    void on(ActivityChanged changed) {
        record(
                List.of(changed.userId()),
                ChangeEntity.ACTIVITY,
                changed.activityId().toString(),
                changed.deleted());
    }

    /** Everyone who can see the device hears of it (a paired device: its person). */
    @EventListener
    void on(DeviceChanged changed) {
        record(
                orgs.members(changed.orgId(), Role.VIEWER),
                ChangeEntity.DEVICE,
                changed.deviceId().toString(),
                changed.deleted());
    }

    @EventListener
    void on(RouteChanged changed) {
        record(List.of(changed.userId()), ChangeEntity.ROUTE, changed.routeId().toString(), changed.deleted());
    }

    /** One entry per day, its id the local date. */
    @EventListener
    void on(StepsChanged changed) {
        for (var date : changed.dates()) {
            record(List.of(changed.userId()), ChangeEntity.STEPS, date.toString(), false);
        }
    }

    @EventListener
    void on(GoalChanged changed) {
        record(List.of(changed.userId()), ChangeEntity.GOAL, changed.goalId().toString(), changed.deleted());
    }

    void record(List<UUID> userIds, ChangeEntity entity, String entityId, boolean deleted) {
        if (userIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into change_log (user_id, entity, entity_id, op, changed_at)
                        select u, ?, ?, ?, ? from unnest(?::uuid[]) as u
                        """)
                .params(
                        entity.wire(),
                        entityId,
                        (deleted ? ChangeOp.DELETE : ChangeOp.UPSERT).wire(),
                        Sql.now(clock),
                        userIds.toArray(UUID[]::new))
                .update();
    }

    /**
     * Changes after the cursor, oldest first. Without a cursor: no items and a cursor for "now",
     * to be used after a full download. A cursor from before the retention horizon is 410.
     */
    Changes changes(UUID userId, @Nullable String cursor, @Nullable Integer limit) {
        int size = PageRequest.of(limit, null).limit();
        if (cursor == null || cursor.isBlank()) {
            return new Changes(List.of(), now().encode(), false);
        }
        var after = Position.decode(cursor);
        long horizon = jdbc.sql("select xid::text::bigint from change_log_horizon")
                .query(Long.class)
                .single();
        if (after.xid() < horizon) {
            throw new ApiException(
                    HttpStatus.GONE,
                    "cursor_expired",
                    "This cursor is older than the change history kept; download everything again, then ask "
                            + "GET /api/v1/sync/changes without a cursor for a new one.");
        }
        record Row(long xid, long id, String entity, String entityId, String op, Instant changedAt) {}
        var rows = jdbc.sql("""
                        select xid::text::bigint as xid, id, entity, entity_id, op, changed_at from change_log
                        where user_id = ? and (xid, id) > (?::text::xid8, ?)
                          and xid < pg_snapshot_xmin(pg_current_snapshot())
                        order by xid, id limit ?
                        """)
                .params(userId, Long.toString(after.xid()), after.id(), size + 1)
                .query(Row.class)
                .list();
        boolean more = rows.size() > size;
        var shown = more ? rows.subList(0, size) : rows;
        var next = shown.isEmpty()
                ? maxOf(after, now())
                : new Position(shown.getLast().xid(), shown.getLast().id());
        return new Changes(
                shown.stream()
                        .map(r -> new Change(
                                parse(ChangeEntity.class, r.entity()),
                                r.entityId(),
                                parse(ChangeOp.class, r.op()),
                                r.changedAt()))
                        .toList(),
                next.encode(),
                more);
    }

    private static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String wire) {
        return WireEnum.parse(type, wire).orElseThrow(() -> new IllegalStateException("stored " + wire));
    }

    /** Everything before the oldest running transaction is final: a cursor may start there. */
    private Position now() {
        long xmin = jdbc.sql("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                .query(Long.class)
                .single();
        return new Position(xmin - 1, Long.MAX_VALUE);
    }

    private static Position maxOf(Position a, Position b) {
        return a.xid() > b.xid() || (a.xid() == b.xid() && a.id() >= b.id()) ? a : b;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldChanges() {
        jdbc.sql("""
                        with gone as (
                            delete from change_log where changed_at < ? - make_interval(secs => ?) returning xid)
                        update change_log_horizon set xid = (select xid from gone order by xid desc limit 1)
                        where exists (select 1 from gone)
                        """)
                .params(Sql.now(clock), (double) settings.retention().toSeconds())
                .update();
    }
}
