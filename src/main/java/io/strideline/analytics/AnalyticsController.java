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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    @Schema(description = "Counts over my organizations (or the one asked for), now.")
    record Summary(
            @Schema(description = "The IANA time zone of \"today\".", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "Devices.", example = "12")
            long devices,

            @Schema(description = "Devices seen within their inactivity timeout.", example = "11")
            long devicesOnline,

            @Schema(description = "Devices not seen within their inactivity timeout.", example = "1")
            long devicesOffline,

            @Schema(description = "Readings with an event time since midnight in timezone.", example = "17280")
            long readingsToday,

            @Schema(description = "Open alerts (active or acknowledged).", example = "2")
            long openAlerts,

            @Schema(description = "Devices whose latest sync failed.", example = "1")
            long devicesFailingSync,

            @Schema(description = "Devices in a sync failure streak (warned, not yet recovered).", example = "0")
            long devicesInSyncFailureStreak) {}

    @Schema(description = "Daily readings (and a metric's daily mean) over my organizations.")
    record Trends(
            @Schema(description = "The IANA time zone of the calendar days.", example = "Europe/Berlin")
            String timezone,

            @Schema(
                    description = "The metric whose mean is given; null when none was asked for.",
                    example = "temperature")
            @Nullable
            String metric,

            @Schema(description = "The first day, inclusive.", example = "2026-04-02")
            LocalDate from,

            @Schema(description = "The last day (today in timezone), inclusive.", example = "2026-05-01")
            LocalDate to,

            @Schema(description = "Days with readings, oldest first; days without readings are left out.")
            List<TelemetryTrends.Day> days) {}

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
                    + "latest sync failed and devices in a sync failure streak. org_id narrows to one organization. "
                    + "Readings of whole hours come from the hourly rollups, the hour midnight falls in from raw "
                    + "readings, so the count is exact.")
    @ApiResponse(responseCode = "200", description = "The summary.")
    @ApiResponse(responseCode = "404", description = "code: not_found — org_id is not an organization of mine.")
    Summary summary(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false)
                    @Parameter(description = "Only this organization; default all of mine.")
                    @Nullable
                    UUID orgId,
            @RequestParam(required = false)
                    @Parameter(
                            description = "IANA time zone of \"today\"; default my profile's time zone.",
                            example = "Europe/Berlin")
                    @Nullable
                    String tz) {
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
                    + "(1..366, default 30, today included): the number of readings of every metric and, with "
                    + "metric, that metric's mean. Only days with readings appear. Exact in every zone: whole hours "
                    + "come from the hourly rollups (kept after raw readings are dropped); an hour that a local "
                    + "midnight splits (zones with 30- or 45-minute offsets), including the first and last edge "
                    + "of the range, comes from raw readings, so such partial hours count only within raw "
                    + "retention.")
    @ApiResponse(responseCode = "200", description = "The daily trends.")
    @ApiResponse(responseCode = "404", description = "code: not_found — org_id is not an organization of mine.")
    Trends trends(
            CurrentUser user,
            @RequestParam(name = "org_id", required = false)
                    @Parameter(description = "Only this organization; default all of mine.")
                    @Nullable
                    UUID orgId,
            @RequestParam(required = false)
                    @Parameter(
                            description = "The metric whose daily mean to add (1 to 64 of a-z, 0-9, '_' and '.'); "
                                    + "default none.",
                            example = "temperature",
                            schema = @Schema(pattern = "^[a-z0-9_.]{1,64}$"))
                    @Nullable
                    String metric,
            @RequestParam(defaultValue = "30")
                    @Parameter(
                            description = "How many days back, today included: 1 to 366.",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "366",
                                            defaultValue = "30"))
                    int days,
            @RequestParam(required = false)
                    @Parameter(
                            description = "IANA time zone of the calendar days; default my profile's time zone.",
                            example = "Europe/Berlin")
                    @Nullable
                    String tz) {
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
