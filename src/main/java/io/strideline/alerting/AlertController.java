package io.strideline.alerting;

import io.strideline.alerting.AlertRepository.Alert;
import io.strideline.alerting.AlertRepository.AlertFilter;
import io.strideline.alerting.AlertRepository.Rule;
import io.strideline.alerting.AlertService.RuleInput;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(
        name = "Alerts",
        description = "Rules (admins) raise alerts from readings, offline devices and repeated sync failures; "
                + "members acknowledge and clear them. One open alert per rule and device at a time.")
class AlertController {

    private final AlertService alerts;

    AlertController(AlertService alerts) {
        this.alerts = alerts;
    }

    @Created(location = "/api/v1/alert-rules/{id}")
    @PostMapping("/alert-rules")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createAlertRule",
            summary = "Create an alert rule (admin)",
            description = "kind: threshold (metric, operator >|>=|<|<=, threshold, duration_s: the condition must "
                    + "hold that long in event time), device_offline (not seen for longer than the device's "
                    + "inactivity timeout), sync_failures (the sync module's streak of failed syncs). Scope: "
                    + "device_id, or device_kind, or neither for the whole organization (org_id, default my "
                    + "personal one). severity: info|warning|critical (default warning). Every organization also "
                    + "has a built-in sync_failures rule, on by default, which can be disabled but not deleted.")
    Rule create(CurrentUser user, @RequestBody RuleInput body) {
        return alerts.createRule(user.id(), body);
    }

    @GetMapping("/alert-rules")
    @Operation(
            operationId = "listAlertRules",
            summary = "Alert rules of my organizations",
            description = "org_id narrows to one; cursor pages.")
    Page<Rule> rules(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false) @Nullable UUID orgId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return alerts.rules(user.id(), orgId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/alert-rules/{id}")
    @Operation(operationId = "getAlertRule", summary = "One alert rule")
    Rule rule(CurrentUser user, @PathVariable UUID id) {
        return alerts.rule(user.id(), id);
    }

    @PatchMapping("/alert-rules/{id}")
    @Operation(
            operationId = "updateAlertRule",
            summary = "Change an alert rule (admin)",
            description = "Only the fields sent change; kind cannot.")
    Rule update(CurrentUser user, @PathVariable UUID id, @RequestBody RuleInput body) {
        return alerts.updateRule(user.id(), id, body);
    }

    @DeleteMapping("/alert-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteAlertRule",
            summary = "Delete an alert rule (admin)",
            description = "Its alerts go with it. 409 for built-in rules.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        alerts.deleteRule(user.id(), id);
    }

    @GetMapping("/alerts")
    @Operation(
            operationId = "listAlerts",
            summary = "Alerts of my organizations, newest first",
            description = "Filters: org_id, state (active|acknowledged|cleared), severity, device_id, rule_id. "
                    + "Cursor pages.")
    Page<Alert> list(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false) @Nullable UUID orgId,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String severity,
            @RequestParam(name = "device_id", required = false) @Nullable UUID deviceId,
            @RequestParam(name = "rule_id", required = false) @Nullable UUID ruleId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return alerts.alerts(
                user.id(), orgId, new AlertFilter(state, severity, deviceId, ruleId), PageRequest.of(limit, cursor));
    }

    @GetMapping("/alerts/{id}")
    @Operation(operationId = "getAlert", summary = "One alert")
    Alert alert(CurrentUser user, @PathVariable UUID id) {
        return alerts.alert(user.id(), id);
    }

    @PostMapping("/alerts/{id}/ack")
    @Operation(
            operationId = "acknowledgeAlert",
            summary = "Acknowledge an alert (member)",
            description = "active → acknowledged; again is harmless; 409 alert_cleared once cleared. It stays open "
                    + "(no new alert for the same rule and device) until cleared.")
    Alert acknowledge(CurrentUser user, @PathVariable UUID id) {
        return alerts.acknowledge(user.id(), id);
    }

    @PostMapping("/alerts/{id}/clear")
    @Operation(
            operationId = "clearAlert",
            summary = "Clear an alert (member)",
            description = "Alerts also clear by themselves when their condition ends (cleared_by is then null).")
    Alert clear(CurrentUser user, @PathVariable UUID id) {
        return alerts.clear(user.id(), id);
    }
}
