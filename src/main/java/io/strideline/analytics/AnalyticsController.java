package io.strideline.analytics;

import io.strideline.alerting.AlertCounts;
import io.strideline.device.FleetStatus;
import io.strideline.identity.UserTimezones;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Validation;
import io.strideline.sync.SyncFleetStatus;
import io.strideline.telemetry.TelemetryTrends;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads only: each number comes from the module that owns it, through its public API, over the
 * organizations the person belongs to (or one of them).
 */
@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics", description = "Fleet summary and trends over the organizations I belong to")
class AnalyticsController {

    record Summary(
            String timezone,
            long devices,
            long devicesOnline,
            long devicesOffline,
            long readingsToday,
            long openAlerts,
            long devicesFailingSync,
            long devicesInSyncFailureStreak) {}

    record Trends(
            String timezone, @Nullable String metric, LocalDate from, LocalDate to, List<TelemetryTrends.Day> days) {}

    private static final Pattern METRIC = Pattern.compile("[a-z0-9_.]{1,64}");

    private final OrgAccess orgs;
    private final FleetStatus fleet;
    private final TelemetryTrends telemetry;
    private final AlertCounts alerts;
    private final SyncFleetStatus syncs;
    private final UserTimezones timezones;
    private final Clock clock;

    AnalyticsController(
            OrgAccess orgs,
            FleetStatus fleet,
            TelemetryTrends telemetry,
            AlertCounts alerts,
            SyncFleetStatus syncs,
            UserTimezones timezones,
            Clock clock) {
        this.orgs = orgs;
        this.fleet = fleet;
        this.telemetry = telemetry;
        this.alerts = alerts;
        this.syncs = syncs;
        this.timezones = timezones;
        this.clock = clock;
    }

    @GetMapping("/summary")
    @Operation(
            operationId = "getFleetSummary",
            summary = "Fleet summary",
            description = "Devices (online: seen within their inactivity timeout), readings since midnight in tz "
                    + "(default: my profile's time zone), open (active or acknowledged) alerts, devices whose "
                    + "latest sync failed and devices in a sync failure streak. org_id narrows to one organization.")
    Summary summary(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false) @Nullable UUID orgId,
            @RequestParam(required = false) @Nullable String tz) {
        var orgIds = orgIds(user.id(), orgId);
        ZoneId zone = zone(user.id(), tz);
        var devices = fleet.counts(orgIds);
        var failing = syncs.counts(orgIds);
        var midnight = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant();
        return new Summary(
                zone.getId(),
                devices.devices(),
                devices.online(),
                devices.offline(),
                telemetry.readingsSince(orgIds, midnight),
                alerts.open(orgIds),
                failing.failing(),
                failing.inFailureStreak());
    }

    @GetMapping("/trends")
    @Operation(
            operationId = "getFleetTrends",
            summary = "Daily trends",
            description = "Per calendar day in tz (default: my profile's time zone) over the last `days` days "
                    + "(1..366, default 30): the number of readings and, with metric, that metric's mean. Only days "
                    + "with readings appear. From the hourly rollups.")
    Trends trends(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false) @Nullable UUID orgId,
            @RequestParam(required = false) @Nullable String metric,
            @RequestParam(defaultValue = "30") int days,
            @RequestParam(required = false) @Nullable String tz) {
        new Validation()
                .check(days >= 1 && days <= 366, "days", "must be between 1 and 366")
                .check(metric == null || METRIC.matcher(metric).matches(), "metric", "must match [a-z0-9_.]{1,64}")
                .throwIfInvalid();
        var orgIds = orgIds(user.id(), orgId);
        ZoneId zone = zone(user.id(), tz);
        LocalDate to = LocalDate.now(clock.withZone(zone));
        LocalDate from = to.minusDays(days - 1L);
        return new Trends(zone.getId(), metric, from, to, telemetry.daily(orgIds, metric, from, to, zone));
    }

    private List<UUID> orgIds(UUID userId, @Nullable UUID orgId) {
        if (orgId != null) {
            orgs.require(userId, orgId, Role.VIEWER);
            return List.of(orgId);
        }
        return orgs.orgIds(userId);
    }

    private ZoneId zone(UUID userId, @Nullable String tz) {
        if (tz == null) {
            return timezones.of(userId);
        }
        if (!ZoneId.getAvailableZoneIds().contains(tz)) {
            throw ApiException.invalid("tz", "must be an IANA time zone name such as Europe/Paris");
        }
        return ZoneId.of(tz);
    }
}
