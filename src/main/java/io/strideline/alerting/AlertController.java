package io.strideline.alerting;

import io.strideline.alerting.AlertRepository.Alert;
import io.strideline.alerting.AlertRepository.AlertFilter;
import io.strideline.alerting.AlertRepository.Rule;
import io.strideline.alerting.AlertService.RuleChange;
import io.strideline.alerting.AlertService.RuleInput;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
                    + "has a built-in sync_failures rule, on by default, which can be disabled but not deleted. "
                    + "Needs the admin role in the organization.")
    @ApiResponse(responseCode = "403", description = "code: forbidden — I am not an admin of the organization.")
    @ApiResponse(
            responseCode = "404",
            description = "code: not_found — org_id is not an organization of mine, or device_id not a device I "
                    + "can see.")
    Rule create(
            CurrentUser user,
            @RequestBody
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = RuleInput.class),
                                            examples = {
                                                @ExampleObject(
                                                        name = "threshold",
                                                        summary = "Too hot for 5 minutes, on every sensor",
                                                        value = """
                                                                {"name": "Greenhouse too hot", "kind": "threshold", \
                                                                "metric": "temperature", "operator": ">", "threshold": 30, \
                                                                "duration_s": 300, "device_kind": "sensor", "severity": "critical"}"""),
                                                @ExampleObject(
                                                        name = "device_offline",
                                                        summary = "Any device of the organization goes offline",
                                                        value = """
                                                                {"name": "Offline", "kind": "device_offline"}""")
                                            }))
                    RuleInput body) {
        return alerts.createRule(user.id(), body);
    }

    @GetMapping("/alert-rules")
    @Operation(
            operationId = "listAlertRules",
            summary = "Alert rules of my organizations",
            description = "Newest first. org_id narrows to one organization; cursor pages (limit 1..200, default "
                    + "50). Any member may read.")
    @ApiResponse(responseCode = "200", description = "A page of rules.")
    @ApiResponse(responseCode = "404", description = "code: not_found — org_id is not an organization of mine.")
    Page<Rule> rules(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false)
                    @Parameter(description = "Only this organization; default all of mine.")
                    @Nullable
                    UUID orgId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return alerts.rules(user.id(), orgId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/alert-rules/{id}")
    @Operation(
            operationId = "getAlertRule",
            summary = "One alert rule",
            description = "Any member of its organization may read it; for anyone else it does not exist (404).")
    Rule rule(CurrentUser user, @PathVariable @Parameter(description = "The rule.") UUID id) {
        return alerts.rule(user.id(), id);
    }

    @PatchMapping("/alert-rules/{id}")
    @Operation(
            operationId = "updateAlertRule",
            summary = "Change an alert rule (admin)",
            description = "Only the fields sent change; kind cannot (422 naming kind). The result is checked as "
                    + "on creation. Built-in rules can be changed (disabled, say) too. Needs the admin role in the "
                    + "rule's organization.")
    @ApiResponse(responseCode = "200", description = "The rule as changed.")
    @ApiResponse(responseCode = "403", description = "code: forbidden — I am not an admin of the organization.")
    Rule update(
            CurrentUser user,
            @PathVariable @Parameter(description = "The rule.") UUID id,
            @RequestBody RuleChange body) {
        return alerts.updateRule(user.id(), id, body);
    }

    @DeleteMapping("/alert-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteAlertRule",
            summary = "Delete an alert rule (admin)",
            description = "Its alerts go with it. Built-in rules cannot be deleted (disable them instead). Needs "
                    + "the admin role in the rule's organization.")
    @ApiResponse(responseCode = "204", description = "Deleted, with its alerts.")
    @ApiResponse(responseCode = "403", description = "code: forbidden — I am not an admin of the organization.")
    @ApiResponse(responseCode = "409", description = "code: built_in_rule — a built-in rule; disable it instead.")
    void delete(CurrentUser user, @PathVariable @Parameter(description = "The rule.") UUID id) {
        alerts.deleteRule(user.id(), id);
    }

    @GetMapping("/alerts")
    @Operation(
            operationId = "listAlerts",
            summary = "Alerts of my organizations, newest first",
            description = "By raised_at, newest first. Filters combine: org_id, state, severity, device_id, "
                    + "rule_id. Cursor pages (limit 1..200, default 50). Any member may read.")
    @ApiResponse(responseCode = "200", description = "A page of alerts.")
    @ApiResponse(responseCode = "404", description = "code: not_found — org_id is not an organization of mine.")
    Page<Alert> list(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false)
                    @Parameter(description = "Only this organization; default all of mine.")
                    @Nullable
                    UUID orgId,
            @RequestParam(required = false) @Parameter(description = "Only alerts in this state.") @Nullable
                    AlertState state,
            @RequestParam(required = false) @Parameter(description = "Only alerts of this severity.") @Nullable
                    AlertSeverity severity,
            @RequestParam(name = "device_id", required = false)
                    @Parameter(description = "Only alerts about this device.")
                    @Nullable
                    UUID deviceId,
            @RequestParam(name = "rule_id", required = false)
                    @Parameter(description = "Only alerts of this rule.")
                    @Nullable
                    UUID ruleId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return alerts.alerts(
                user.id(), orgId, new AlertFilter(state, severity, deviceId, ruleId), PageRequest.of(limit, cursor));
    }

    @GetMapping("/alerts/{id}")
    @Operation(
            operationId = "getAlert",
            summary = "One alert",
            description = "Any member of its organization may read it; for anyone else it does not exist (404).")
    Alert alert(CurrentUser user, @PathVariable @Parameter(description = "The alert.") UUID id) {
        return alerts.alert(user.id(), id);
    }

    @PostMapping("/alerts/{id}/ack")
    @Operation(
            operationId = "acknowledgeAlert",
            summary = "Acknowledge an alert (member)",
            description = "active → acknowledged; again is harmless (the first acknowledgement is kept). It stays "
                    + "open (no new alert for the same rule and device) until cleared. No request body. Needs the "
                    + "member role in the alert's organization.")
    @ApiResponse(responseCode = "200", description = "The alert, acknowledged.")
    @ApiResponse(responseCode = "403", description = "code: forbidden — viewers cannot acknowledge.")
    @ApiResponse(responseCode = "409", description = "code: alert_cleared — the alert is already cleared.")
    Alert acknowledge(CurrentUser user, @PathVariable @Parameter(description = "The alert.") UUID id) {
        return alerts.acknowledge(user.id(), id);
    }

    @PostMapping("/alerts/{id}/clear")
    @Operation(
            operationId = "clearAlert",
            summary = "Clear an alert (member)",
            description = "active or acknowledged → cleared, with cleared_by me; clearing again is harmless. "
                    + "Alerts also clear by themselves when their condition ends (cleared_by is then null). No "
                    + "request body. Needs the member role in the alert's organization.")
    @ApiResponse(responseCode = "200", description = "The alert, cleared.")
    @ApiResponse(responseCode = "403", description = "code: forbidden — viewers cannot clear.")
    Alert clear(CurrentUser user, @PathVariable @Parameter(description = "The alert.") UUID id) {
        return alerts.clear(user.id(), id);
    }
}
