package io.strideline.alerting;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.strideline.platform.WireEnum;
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

@Repository
class AlertRepository {

    @Schema(
            description = "An alert rule of an organization. Scope: the device device_id, or every device of "
                    + "kind device_kind, or (both null) every device of the organization.")
    record Rule(
            @Schema(description = "The rule's id.") UUID id,
            @Schema(description = "Its organization.") UUID orgId,

            @Schema(description = "Its name, 1 to 100 characters.", example = "Greenhouse too hot")
            String name,

            @Schema(description = "What it watches; cannot change.", example = "threshold")
            AlertRuleKind kind,

            @Schema(description = "threshold rules: the metric; null for other kinds.", example = "temperature")
            @Nullable
            String metric,

            @Schema(description = "threshold rules: how value compares with threshold; null for other kinds.") @Nullable
            ThresholdOperator operator,

            @Schema(
                    description = "threshold rules: the threshold, in the metric's unit; null for other " + "kinds.",
                    example = "30")
            @Nullable
            Double threshold,

            @Schema(
                    description = "threshold rules: seconds (event time) the condition must hold before an "
                            + "alert is raised, 0 to 604800 (a week); 0 raises at the first reading.",
                    example = "300")
            int durationS,

            @Schema(description = "Scope: only this device; null otherwise.") @Nullable
            UUID deviceId,

            @Schema(description = "Scope: only devices of this kind; null otherwise.", example = "sensor") @Nullable
            String deviceKind,

            @Schema(description = "Severity of the alerts it raises.", example = "warning")
            AlertSeverity severity,

            @Schema(description = "Whether it raises alerts.", example = "true")
            boolean enabled,

            @Schema(
                    description =
                            "Built in (the organization's sync_failures rule): can be disabled but " + "not deleted.",
                    example = "false")
            boolean builtIn,

            @Schema(description = "When it was created.") Instant createdAt,
            @Schema(description = "When it last changed.") Instant updatedAt) {}

    @Schema(description = "An alert a rule raised for a device.")
    record Alert(
            @Schema(description = "The alert's id.") UUID id,
            @Schema(description = "Its organization.") UUID orgId,

            @Schema(description = "The rule that raised it.")
            UUID ruleId,

            @Schema(description = "The device it is about.") UUID deviceId,

            @Schema(description = "The rule's severity when it was raised.", example = "critical")
            AlertSeverity severity,

            @Schema(description = "Short summary.", example = "temperature > 30")
            String title,

            @Schema(
                    description = "What happened, for people.",
                    example = "temperature is 31.2 on North bed (rule Greenhouse too hot)")
            String message,

            @Schema(
                    description = "threshold: the latest value when raised; sync_failures: the failures in "
                            + "a row; null for device_offline.",
                    example = "31.2")
            @Nullable
            Double value,

            @Schema(description = "Where it is in its lifecycle.", example = "active")
            AlertState state,

            @Schema(description = "When it was raised.") Instant raisedAt,

            @Schema(description = "When it was acknowledged; null if never.") @Nullable
            Instant acknowledgedAt,

            @Schema(description = "Who acknowledged it; null if never.") @Nullable
            UUID acknowledgedBy,

            @Schema(description = "When it was cleared; null while open.") @Nullable
            Instant clearedAt,

            @Schema(
                    description =
                            "Who cleared it; null while open or when it cleared by itself (the " + "condition ended).")
            @Nullable
            UUID clearedBy) {}

    /** Filters of the alert list; nulls match everything. */
    record AlertFilter(
            @Nullable AlertState state,
            @Nullable AlertSeverity severity,
            @Nullable UUID deviceId,
            @Nullable UUID ruleId) {}

    private static final String RULE_COLUMNS = """
            id, org_id, name, kind, metric, operator, threshold, duration_s, device_id, device_kind, severity,
            enabled, built_in, created_at, updated_at""";

    private static final String ALERT_COLUMNS = """
            id, org_id, rule_id, device_id, severity, title, message, value, state, raised_at, acknowledged_at,
            acknowledged_by, cleared_at, cleared_by""";

    private final JdbcClient jdbc;
    private final Clock clock;

    AlertRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return Sql.now(clock);
    }

    // --- rules

    void insertRule(Rule r) {
        jdbc.sql("""
                        insert into alert_rules (id, org_id, name, kind, metric, operator, threshold, duration_s,
                            device_id, device_kind, severity, enabled, built_in, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(
                        r.id(),
                        r.orgId(),
                        r.name(),
                        r.kind().wire(),
                        r.metric(),
                        wire(r.operator()),
                        r.threshold(),
                        r.durationS(),
                        r.deviceId(),
                        r.deviceKind(),
                        r.severity().wire(),
                        r.enabled(),
                        r.builtIn(),
                        now(),
                        now())
                .update();
    }

    void updateRule(Rule r) {
        jdbc.sql("""
                        update alert_rules set name = ?, metric = ?, operator = ?, threshold = ?, duration_s = ?,
                            device_id = ?, device_kind = ?, severity = ?, enabled = ?, updated_at = ?
                        where id = ?
                        """)
                .params(
                        r.name(),
                        r.metric(),
                        wire(r.operator()),
                        r.threshold(),
                        r.durationS(),
                        r.deviceId(),
                        r.deviceKind(),
                        r.severity().wire(),
                        r.enabled(),
                        now(),
                        r.id())
                .update();
    }

    Optional<Rule> rule(UUID id) {
        return jdbc.sql("select " + RULE_COLUMNS + " from alert_rules where id = ?")
                .param(id)
                .query(AlertRepository::rule)
                .optional();
    }

    void deleteRule(UUID id) {
        jdbc.sql("delete from alert_rules where id = ?").param(id).update();
    }

    List<Rule> rules(Collection<UUID> orgIds, PageRequest page) {
        var after = page.after();
        var params = new ArrayList<Object>();
        params.add(orgIds.toArray(UUID[]::new));
        if (after != null) {
            params.add(Sql.ts(after.time()));
            params.add(after.id());
        }
        params.add(page.fetchSize());
        return jdbc.sql("select " + RULE_COLUMNS + " from alert_rules where org_id = any(?)"
                        + (after == null ? "" : " and (created_at, id) < (?, ?)")
                        + " order by created_at desc, id desc limit ?")
                .params(params)
                .query(AlertRepository::rule)
                .list();
    }

    /** The enabled rules of a kind that apply to a device: scoped to it, to its kind, or to all. */
    List<Rule> rulesFor(UUID orgId, AlertRuleKind kind, UUID deviceId, String deviceKind) {
        return jdbc.sql("select " + RULE_COLUMNS + """
                         from alert_rules
                        where org_id = ? and kind = ? and enabled
                          and (device_id = ? or device_kind = ? or (device_id is null and device_kind is null))
                        """)
                .params(orgId, kind.wire(), deviceId, deviceKind)
                .query(AlertRepository::rule)
                .list();
    }

    /** Serializes the evaluations of one rule for one device, until the transaction ends. */
    void lock(UUID ruleId, UUID deviceId) {
        jdbc.sql("select 1 from pg_advisory_xact_lock(hashtextextended(? || ':' || ?, 0))")
                .params(ruleId.toString(), deviceId.toString())
                .query(Integer.class)
                .single();
    }

    // --- alerts

    /** Raises unless the rule already has an open alert for the device; the new id, or empty. */
    Optional<UUID> raise(UUID id, Rule rule, UUID deviceId, String title, String message, @Nullable Double value) {
        return jdbc.sql("""
                        insert into alerts (id, org_id, rule_id, device_id, severity, title, message, value, state,
                            raised_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)
                        on conflict (rule_id, device_id) where state <> 'cleared' do nothing
                        returning id
                        """)
                .params(id, rule.orgId(), rule.id(), deviceId, rule.severity().wire(), title, message, value, now())
                .query(UUID.class)
                .optional();
    }

    /** Clears the open alert of a rule for a device, when the condition has ended. */
    /** The alerts it cleared. */
    List<AlertChanged> clearAutomatically(UUID ruleId, UUID deviceId) {
        return jdbc.sql("""
                        update alerts set state = 'cleared', cleared_at = ?
                        where rule_id = ? and device_id = ? and state <> 'cleared'
                        returning id, org_id, device_id
                        """)
                .params(now(), ruleId, deviceId)
                .query((rs, row) -> new AlertChanged(
                        rs.getObject("id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getObject("device_id", UUID.class),
                        AlertState.CLEARED))
                .list();
    }

    Optional<Alert> alert(UUID id) {
        return jdbc.sql("select " + ALERT_COLUMNS + " from alerts where id = ?")
                .param(id)
                .query(AlertRepository::alert)
                .optional();
    }

    boolean acknowledge(UUID id, UUID userId) {
        return jdbc.sql("""
                        update alerts set state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?
                        where id = ? and state = 'active'
                        """).params(now(), userId, id).update() == 1;
    }

    boolean clear(UUID id, UUID userId) {
        return jdbc.sql("""
                        update alerts set state = 'cleared', cleared_at = ?, cleared_by = ?
                        where id = ? and state <> 'cleared'
                        """).params(now(), userId, id).update() == 1;
    }

    List<Alert> alerts(Collection<UUID> orgIds, AlertFilter filter, PageRequest page) {
        var sql = new StringBuilder("select " + ALERT_COLUMNS + " from alerts where org_id = any(?)");
        var params = new ArrayList<Object>();
        params.add(orgIds.toArray(UUID[]::new));
        if (filter.state() != null) {
            sql.append(" and state = ?");
            params.add(filter.state().wire());
        }
        if (filter.severity() != null) {
            sql.append(" and severity = ?");
            params.add(filter.severity().wire());
        }
        if (filter.deviceId() != null) {
            sql.append(" and device_id = ?");
            params.add(filter.deviceId());
        }
        if (filter.ruleId() != null) {
            sql.append(" and rule_id = ?");
            params.add(filter.ruleId());
        }
        var after = page.after();
        if (after != null) {
            sql.append(" and (raised_at, id) < (?, ?)");
            params.add(Sql.ts(after.time()));
            params.add(after.id());
        }
        sql.append(" order by raised_at desc, id desc limit ?");
        params.add(page.fetchSize());
        return jdbc.sql(sql.toString())
                .params(params)
                .query(AlertRepository::alert)
                .list();
    }

    /** Open alerts of the organizations, for the fleet summary. */
    long openAlerts(Collection<UUID> orgIds) {
        return jdbc.sql("select count(*) from alerts where org_id = any(?) and state <> 'cleared'")
                .param(orgIds.toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }

    private static Rule rule(ResultSet rs, int n) throws SQLException {
        String operator = rs.getString("operator");
        return new Rule(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getString("name"),
                stored(AlertRuleKind.class, rs.getString("kind")),
                rs.getString("metric"),
                operator == null ? null : stored(ThresholdOperator.class, operator),
                rs.getObject("threshold", Double.class),
                rs.getInt("duration_s"),
                rs.getObject("device_id", UUID.class),
                rs.getString("device_kind"),
                stored(AlertSeverity.class, rs.getString("severity")),
                rs.getBoolean("enabled"),
                rs.getBoolean("built_in"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }

    private static Alert alert(ResultSet rs, int n) throws SQLException {
        var acknowledgedAt = rs.getObject("acknowledged_at", OffsetDateTime.class);
        var clearedAt = rs.getObject("cleared_at", OffsetDateTime.class);
        return new Alert(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getObject("rule_id", UUID.class),
                rs.getObject("device_id", UUID.class),
                stored(AlertSeverity.class, rs.getString("severity")),
                rs.getString("title"),
                rs.getString("message"),
                rs.getObject("value", Double.class),
                stored(AlertState.class, rs.getString("state")),
                Sql.instant(rs, "raised_at"),
                acknowledgedAt == null ? null : acknowledgedAt.toInstant(),
                rs.getObject("acknowledged_by", UUID.class),
                clearedAt == null ? null : clearedAt.toInstant(),
                rs.getObject("cleared_by", UUID.class));
    }

    /** A column of a closed vocabulary holds wire values (the table's check constraints say which). */
    private static <E extends Enum<E> & WireEnum> E stored(Class<E> type, String value) {
        return WireEnum.parse(type, value)
                .orElseThrow(() -> new IllegalStateException("unknown " + type.getSimpleName() + " stored: " + value));
    }

    private static @Nullable String wire(@Nullable WireEnum value) {
        return value == null ? null : value.wire();
    }
}
