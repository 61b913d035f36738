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
import io.strideline.platform.WireEnum;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Alert rules (admins) and the alert lifecycle (members acknowledge and clear). */
@Service
class AlertService {

    /** A new rule as sent; the server checks each field itself, to name every bad one. */
    @Schema(
            name = "RuleInput",
            description = "A new alert rule. threshold rules also need metric, operator and threshold.",
            example = """
                    {"org_id": "0192f0c4-8a1e-7000-8000-000000000001", "name": "Greenhouse too hot", \
                    "kind": "threshold", "metric": "temperature", "operator": ">", "threshold": 30, \
                    "duration_s": 300, "device_kind": "sensor", "severity": "critical"}""")
    record RuleInput(
            @Schema(description = "The organization (I must be an admin of it); default my personal one.") @Nullable
            UUID orgId,

            @Schema(
                    description = "1 to 100 characters (surrounding blanks are dropped).",
                    example = "Greenhouse too hot",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String name,

            @Schema(
                    description = "What the rule watches; cannot change later.",
                    example = "threshold",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            AlertRuleKind kind,

            @Schema(
                    description = "threshold rules (required there): the metric, 1 to 64 of a-z, 0-9, '_' "
                            + "and '.'; ignored for other kinds.",
                    example = "temperature")
            @Nullable
            String metric,

            @Schema(description = "threshold rules (required there): value OPERATOR threshold raises.") @Nullable
            ThresholdOperator operator,

            @Schema(
                    description = "threshold rules (required there): a finite number in the metric's unit.",
                    example = "30")
            @Nullable
            Double threshold,

            @Schema(
                    description = "threshold rules: seconds of event time the condition must hold, 0 to "
                            + "604800; default 0 (the first reading that meets it).",
                    example = "300",
                    minimum = "0",
                    maximum = "604800")
            @Nullable
            Integer durationS,

            @Schema(description = "Scope: only this device of the organization; default none (not with device_kind).")
            @Nullable
            UUID deviceId,

            @Schema(
                    description = "Scope: only devices of this kind (a-z and '_', up to 32); default none "
                            + "(not with device_id). Neither: every device of the organization.",
                    example = "sensor")
            @Nullable
            String deviceKind,

            @Schema(description = "Severity of its alerts; default warning.", example = "critical") @Nullable
            AlertSeverity severity,

            @Schema(description = "Whether it raises alerts; default true.", example = "true") @Nullable
            Boolean enabled) {}

    /** A change of a rule: fields left out (or null) stay as they are. */
    @Schema(
            name = "RuleChange",
            description = "A change of an alert rule: only the fields sent change; null or absent keeps the value.",
            example = "{\"severity\": \"info\", \"enabled\": false}")
    record RuleChange(
            @Schema(description = "1 to 100 characters.", example = "Greenhouse too hot") @Nullable
            String name,

            @Schema(description = "Cannot change: only the rule's own kind is accepted.", example = "threshold")
            @Nullable
            AlertRuleKind kind,

            @Schema(description = "threshold rules: the metric.", example = "temperature") @Nullable
            String metric,

            @Schema(description = "threshold rules: the comparison.") @Nullable
            ThresholdOperator operator,

            @Schema(description = "threshold rules: the threshold, a finite number.", example = "30") @Nullable
            Double threshold,

            @Schema(
                    description = "threshold rules: seconds the condition must hold, 0 to 604800.",
                    example = "300",
                    minimum = "0",
                    maximum = "604800")
            @Nullable
            Integer durationS,

            @Schema(description = "Scope: only this device (not with device_kind).") @Nullable
            UUID deviceId,

            @Schema(description = "Scope: only devices of this kind (not with device_id).", example = "sensor")
            @Nullable
            String deviceKind,

            @Schema(description = "Severity of its alerts.", example = "info") @Nullable
            AlertSeverity severity,

            @Schema(description = "Whether it raises alerts.", example = "false") @Nullable
            Boolean enabled) {}

    private static final Pattern METRIC = Pattern.compile("[a-z0-9_.]{1,64}");

    private final AlertRepository alerts;
    private final OrgAccess orgs;
    private final DeviceAccess devices;

    private final ApplicationEventPublisher events;

    AlertService(AlertRepository alerts, OrgAccess orgs, DeviceAccess devices, ApplicationEventPublisher events) {
        this.events = events;
        this.alerts = alerts;
        this.orgs = orgs;
        this.devices = devices;
    }

    // --- rules

    @Transactional
    Rule createRule(UUID userId, RuleInput in) {
        UUID orgId = in.orgId() != null ? in.orgId() : orgs.personalOrg(userId);
        orgs.require(userId, orgId, Role.ADMIN);
        String name = in.name() == null ? "" : in.name().strip();
        var kind = in.kind();
        if (kind == null) {
            checkName(new Validation(), name)
                    .check(
                            false,
                            "kind",
                            "is required: one of " + String.join(", ", WireEnum.values(AlertRuleKind.class)))
                    .throwIfInvalid();
        }
        var rule = new Rule(
                Ids.newId(),
                orgId,
                name,
                Objects.requireNonNull(kind),
                in.metric(),
                in.operator(),
                in.threshold(),
                in.durationS() == null ? 0 : in.durationS(),
                in.deviceId(),
                in.deviceKind(),
                in.severity() == null ? AlertSeverity.WARNING : in.severity(),
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
    Rule updateRule(UUID userId, UUID ruleId, RuleChange in) {
        var old = rule(userId, ruleId);
        orgs.require(userId, old.orgId(), Role.ADMIN);
        if (in.kind() != null && in.kind() != old.kind()) {
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
        var v = checkName(new Validation(), r.name())
                .check(r.durationS() >= 0 && r.durationS() <= 604_800, "duration_s", "must be between 0 and 604800")
                .check(
                        r.deviceKind() == null || r.deviceKind().matches("[a-z_]{1,32}"),
                        "device_kind",
                        "must be a device kind such as sensor")
                .check(
                        r.deviceId() == null || r.deviceKind() == null,
                        "device_kind",
                        "give a device or a kind of device, not both");
        if (r.kind() == AlertRuleKind.THRESHOLD) {
            v.check(r.metric() != null && METRIC.matcher(r.metric()).matches(), "metric", "must match [a-z0-9_.]{1,64}")
                    .check(
                            r.operator() != null,
                            "operator",
                            "is required for threshold rules: one of "
                                    + String.join(", ", WireEnum.values(ThresholdOperator.class)))
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

    private static Validation checkName(Validation v, String name) {
        return v.check(!name.isBlank() && name.length() <= 100, "name", "must have 1 to 100 characters");
    }

    // --- alerts

    Page<Alert> alerts(UUID userId, @Nullable UUID orgId, AlertFilter filter, PageRequest page) {
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
        boolean acknowledged = alerts.acknowledge(alertId, userId);
        if (!acknowledged && alert.state() == AlertState.CLEARED) {
            throw new ApiException(HttpStatus.CONFLICT, "alert_cleared", "This alert is already cleared.");
        }
        var now = alerts.alert(alertId).orElseThrow();
        if (now.state() != alert.state()) {
            events.publishEvent(new AlertChanged(alertId, now.orgId(), now.deviceId(), now.state()));
        }
        return now;
    }

    /** Clearing twice is harmless. */
    @Transactional
    Alert clear(UUID userId, UUID alertId) {
        var alert = alert(userId, alertId);
        orgs.require(userId, alert.orgId(), Role.MEMBER);
        alerts.clear(alertId, userId);
        var now = alerts.alert(alertId).orElseThrow();
        if (now.state() != alert.state()) {
            events.publishEvent(new AlertChanged(alertId, now.orgId(), now.deviceId(), now.state()));
        }
        return now;
    }

    private List<UUID> orgIds(UUID userId, @Nullable UUID orgId) {
        if (orgId != null) {
            orgs.require(userId, orgId, Role.VIEWER);
            return List.of(orgId);
        }
        return orgs.orgIds(userId);
    }
}
