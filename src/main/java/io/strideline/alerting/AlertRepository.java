package io.strideline.alerting;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.time.Instant;
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

    record Rule(
            UUID id,
            UUID orgId,
            String name,
            String kind,
            @Nullable String metric,
            @Nullable String operator,
            @Nullable Double threshold,
            int durationS,
            @Nullable UUID deviceId,
            @Nullable String deviceKind,
            String severity,
            boolean enabled,
            boolean builtIn,
            Instant createdAt,
            Instant updatedAt) {}

    record Alert(
            UUID id,
            UUID orgId,
            UUID ruleId,
            UUID deviceId,
            String severity,
            String title,
            String message,
            @Nullable Double value,
            String state,
            Instant raisedAt,
            @Nullable Instant acknowledgedAt,
            @Nullable UUID acknowledgedBy,
            @Nullable Instant clearedAt,
            @Nullable UUID clearedBy) {}

    /** Filters of the alert list; nulls match everything. */
    record AlertFilter(
            @Nullable String state,
            @Nullable String severity,
            @Nullable UUID deviceId,
            @Nullable UUID ruleId) {}

    private static final String RULE_COLUMNS = """
            id, org_id, name, kind, metric, operator, threshold, duration_s, device_id, device_kind, severity,
            enabled, built_in, created_at, updated_at""";

    private static final String ALERT_COLUMNS = """
            id, org_id, rule_id, device_id, severity, title, message, value, state, raised_at, acknowledged_at,
            acknowledged_by, cleared_at, cleared_by""";

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- rules

    void insertRule(Rule r) {
        jdbc.sql("""
                        insert into alert_rules (id, org_id, name, kind, metric, operator, threshold, duration_s,
                            device_id, device_kind, severity, enabled, built_in)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(
                        r.id(),
                        r.orgId(),
                        r.name(),
                        r.kind(),
                        r.metric(),
                        r.operator(),
                        r.threshold(),
                        r.durationS(),
                        r.deviceId(),
                        r.deviceKind(),
                        r.severity(),
                        r.enabled(),
                        r.builtIn())
                .update();
    }

    void updateRule(Rule r) {
        jdbc.sql("""
                        update alert_rules set name = ?, metric = ?, operator = ?, threshold = ?, duration_s = ?,
                            device_id = ?, device_kind = ?, severity = ?, enabled = ?, updated_at = now()
                        where id = ?
                        """)
                .params(
                        r.name(),
                        r.metric(),
                        r.operator(),
                        r.threshold(),
                        r.durationS(),
                        r.deviceId(),
                        r.deviceKind(),
                        r.severity(),
                        r.enabled(),
                        r.id())
                .update();
    }

    Optional<Rule> rule(UUID id) {
        return jdbc.sql("select " + RULE_COLUMNS + " from alert_rules where id = ?")
                .param(id)
                .query(Rule.class)
                .optional();
    }

    void deleteRule(UUID id) {
        jdbc.sql("delete from alert_rules where id = ?").param(id).update();
    }

    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these rows and columns are never null
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
                .query(Rule.class)
                .list();
    }

    /** The enabled rules of a kind that apply to a device: scoped to it, to its kind, or to all. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these rows and columns are never null
    List<Rule> rulesFor(UUID orgId, String kind, UUID deviceId, String deviceKind) {
        return jdbc.sql("select " + RULE_COLUMNS + """
                         from alert_rules
                        where org_id = ? and kind = ? and enabled
                          and (device_id = ? or device_kind = ? or (device_id is null and device_kind is null))
                        """)
                .params(orgId, kind, deviceId, deviceKind)
                .query(Rule.class)
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
                        insert into alerts (id, org_id, rule_id, device_id, severity, title, message, value, state)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'active')
                        on conflict (rule_id, device_id) where state <> 'cleared' do nothing
                        returning id
                        """)
                .params(id, rule.orgId(), rule.id(), deviceId, rule.severity(), title, message, value)
                .query(UUID.class)
                .optional();
    }

    /** Clears the open alert of a rule for a device, when the condition has ended. */
    int clearAutomatically(UUID ruleId, UUID deviceId) {
        return jdbc.sql("""
                        update alerts set state = 'cleared', cleared_at = now()
                        where rule_id = ? and device_id = ? and state <> 'cleared'
                        """).params(ruleId, deviceId).update();
    }

    Optional<Alert> alert(UUID id) {
        return jdbc.sql("select " + ALERT_COLUMNS + " from alerts where id = ?")
                .param(id)
                .query(Alert.class)
                .optional();
    }

    boolean acknowledge(UUID id, UUID userId) {
        return jdbc.sql("""
                        update alerts set state = 'acknowledged', acknowledged_at = now(), acknowledged_by = ?
                        where id = ? and state = 'active'
                        """).params(userId, id).update() == 1;
    }

    boolean clear(UUID id, UUID userId) {
        return jdbc.sql("""
                        update alerts set state = 'cleared', cleared_at = now(), cleared_by = ?
                        where id = ? and state <> 'cleared'
                        """).params(userId, id).update() == 1;
    }

    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these rows and columns are never null
    List<Alert> alerts(Collection<UUID> orgIds, AlertFilter filter, PageRequest page) {
        var sql = new StringBuilder("select " + ALERT_COLUMNS + " from alerts where org_id = any(?)");
        var params = new ArrayList<Object>();
        params.add(orgIds.toArray(UUID[]::new));
        if (filter.state() != null) {
            sql.append(" and state = ?");
            params.add(filter.state());
        }
        if (filter.severity() != null) {
            sql.append(" and severity = ?");
            params.add(filter.severity());
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
        return jdbc.sql(sql.toString()).params(params).query(Alert.class).list();
    }

    /** Open alerts of the organizations, for the fleet summary. */
    long openAlerts(Collection<UUID> orgIds) {
        return jdbc.sql("select count(*) from alerts where org_id = any(?) and state <> 'cleared'")
                .param(orgIds.toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }
}
