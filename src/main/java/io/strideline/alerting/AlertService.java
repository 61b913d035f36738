package io.strideline.alerting;

import io.strideline.alerting.AlertRepository.Alert;
import io.strideline.alerting.AlertRepository.AlertFilter;
import io.strideline.alerting.AlertRepository.Rule;
import io.strideline.device.DeviceAccess;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Alert rules (admins) and the alert lifecycle (members acknowledge and clear). */
@Service
class AlertService {

    /** A rule as sent; on PATCH, fields left null stay as they are. */
    record RuleInput(
            @Nullable UUID orgId,
            @Nullable String name,
            @Nullable String kind,
            @Nullable String metric,
            @Nullable String operator,
            @Nullable Double threshold,
            @Nullable Integer durationS,
            @Nullable UUID deviceId,
            @Nullable String deviceKind,
            @Nullable String severity,
            @Nullable Boolean enabled) {}

    static final Set<String> KINDS = Set.of("threshold", "device_offline", "sync_failures");
    static final Set<String> OPERATORS = Set.of(">", ">=", "<", "<=");
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    static final Set<String> STATES = Set.of("active", "acknowledged", "cleared");
    private static final Pattern METRIC = Pattern.compile("[a-z0-9_.]{1,64}");

    private final AlertRepository alerts;
    private final OrgAccess orgs;
    private final DeviceAccess devices;

    AlertService(AlertRepository alerts, OrgAccess orgs, DeviceAccess devices) {
        this.alerts = alerts;
        this.orgs = orgs;
        this.devices = devices;
    }

    // --- rules

    @Transactional
    Rule createRule(UUID userId, RuleInput in) {
        UUID orgId = in.orgId() != null ? in.orgId() : orgs.personalOrg(userId);
        orgs.require(userId, orgId, Role.ADMIN);
        var rule = new Rule(
                Ids.newId(),
                orgId,
                in.name() == null ? "" : in.name().strip(),
                in.kind() == null ? "" : in.kind(),
                in.metric(),
                in.operator(),
                in.threshold(),
                in.durationS() == null ? 0 : in.durationS(),
                in.deviceId(),
                in.deviceKind(),
                in.severity() == null ? "warning" : in.severity(),
                in.enabled() == null || in.enabled(),
                false,
                Instant.EPOCH,
                Instant.EPOCH);
        validate(userId, rule);
        alerts.insertRule(rule);
        return alerts.rule(rule.id()).orElseThrow();
    }

    Page<Rule> rules(UUID userId, @Nullable UUID orgId, PageRequest page) {
        return Page.of(
                alerts.rules(orgIds(userId, orgId), page),
                page.limit(),
                r -> PageRequest.cursor(r.createdAt(), r.id()));
    }

    Rule rule(UUID userId, UUID ruleId) {
        var rule = alerts.rule(ruleId).orElseThrow(() -> ApiException.notFound("alert rule"));
        var unused = orgs.roleOf(userId, rule.orgId()).orElseThrow(() -> ApiException.notFound("alert rule"));
        return rule;
    }

    @Transactional
    Rule updateRule(UUID userId, UUID ruleId, RuleInput in) {
        var old = rule(userId, ruleId);
        orgs.require(userId, old.orgId(), Role.ADMIN);
        if (in.kind() != null && !in.kind().equals(old.kind())) {
            throw ApiException.invalid("kind", "cannot change; create another rule");
        }
        var rule = new Rule(
                old.id(),
                old.orgId(),
                in.name() != null ? in.name().strip() : old.name(),
                old.kind(),
                in.metric() != null ? in.metric() : old.metric(),
                in.operator() != null ? in.operator() : old.operator(),
                in.threshold() != null ? in.threshold() : old.threshold(),
                in.durationS() != null ? in.durationS() : old.durationS(),
                in.deviceId() != null ? in.deviceId() : old.deviceId(),
                in.deviceKind() != null ? in.deviceKind() : old.deviceKind(),
                in.severity() != null ? in.severity() : old.severity(),
                in.enabled() != null ? in.enabled() : old.enabled(),
                old.builtIn(),
                old.createdAt(),
                old.updatedAt());
        validate(userId, rule);
        alerts.updateRule(rule);
        return alerts.rule(ruleId).orElseThrow();
    }

    @Transactional
    void deleteRule(UUID userId, UUID ruleId) {
        var rule = rule(userId, ruleId);
        orgs.require(userId, rule.orgId(), Role.ADMIN);
        if (rule.builtIn()) {
            throw new ApiException(
                    HttpStatus.CONFLICT, "built_in_rule", "Built-in rules cannot be deleted; disable them instead.");
        }
        alerts.deleteRule(ruleId);
    }

    private void validate(UUID userId, Rule r) {
        var v = new Validation()
                .check(!r.name().isBlank() && r.name().length() <= 100, "name", "must have 1 to 100 characters")
                .check(KINDS.contains(r.kind()), "kind", "must be one of device_offline, sync_failures, threshold")
                .check(SEVERITIES.contains(r.severity()), "severity", "must be one of critical, info, warning")
                .check(r.durationS() >= 0 && r.durationS() <= 604_800, "duration_s", "must be between 0 and 604800")
                .check(
                        r.deviceKind() == null || r.deviceKind().matches("[a-z_]{1,32}"),
                        "device_kind",
                        "must be a device kind such as sensor")
                .check(
                        r.deviceId() == null || r.deviceKind() == null,
                        "device_kind",
                        "give a device or a kind of device, not both");
        if ("threshold".equals(r.kind())) {
            v.check(r.metric() != null && METRIC.matcher(r.metric()).matches(), "metric", "must match [a-z0-9_.]{1,64}")
                    .check(
                            r.operator() != null && OPERATORS.contains(r.operator()),
                            "operator",
                            "must be one of >, >=, <, <=")
                    .check(
                            r.threshold() != null && Double.isFinite(r.threshold()),
                            "threshold",
                            "must be a finite number");
        }
        v.throwIfInvalid();
        if (r.deviceId() != null) {
            var device = devices.require(userId, r.deviceId(), Role.VIEWER);
            if (!device.orgId().equals(r.orgId())) {
                throw ApiException.invalid("device_id", "must be a device of the rule's organization");
            }
        }
    }

    // --- alerts

    Page<Alert> alerts(UUID userId, @Nullable UUID orgId, AlertFilter filter, PageRequest page) {
        new Validation()
                .check(
                        filter.state() == null || STATES.contains(filter.state()),
                        "state",
                        "must be active, acknowledged or cleared")
                .check(
                        filter.severity() == null || SEVERITIES.contains(filter.severity()),
                        "severity",
                        "must be info, warning or critical")
                .throwIfInvalid();
        return Page.of(
                alerts.alerts(orgIds(userId, orgId), filter, page),
                page.limit(),
                a -> PageRequest.cursor(a.raisedAt(), a.id()));
    }

    Alert alert(UUID userId, UUID alertId) {
        var alert = alerts.alert(alertId).orElseThrow(() -> ApiException.notFound("alert"));
        var unused = orgs.roleOf(userId, alert.orgId()).orElseThrow(() -> ApiException.notFound("alert"));
        return alert;
    }

    /** Acknowledging twice is harmless; a cleared alert cannot be acknowledged (409). */
    @Transactional
    Alert acknowledge(UUID userId, UUID alertId) {
        var alert = alert(userId, alertId);
        orgs.require(userId, alert.orgId(), Role.MEMBER);
        if (!alerts.acknowledge(alertId, userId) && "cleared".equals(alert.state())) {
            throw new ApiException(HttpStatus.CONFLICT, "alert_cleared", "This alert is already cleared.");
        }
        return alerts.alert(alertId).orElseThrow();
    }

    /** Clearing twice is harmless. */
    @Transactional
    Alert clear(UUID userId, UUID alertId) {
        var alert = alert(userId, alertId);
        orgs.require(userId, alert.orgId(), Role.MEMBER);
        alerts.clear(alertId, userId);
        return alerts.alert(alertId).orElseThrow();
    }

    private List<UUID> orgIds(UUID userId, @Nullable UUID orgId) {
        if (orgId != null) {
            orgs.require(userId, orgId, Role.VIEWER);
            return List.of(orgId);
        }
        return orgs.orgIds(userId);
    }
}
