package io.strideline.telemetry;

import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.telemetry.TelemetryRepository.LatestReading;
import io.strideline.telemetry.TelemetryRepository.RawReading;
import io.strideline.telemetry.TelemetryService.Stats;
import io.strideline.telemetry.TelemetryService.StatsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/devices/{id}/readings")
@Tag(name = "Telemetry", description = "A device's sensor readings, latest values and statistics")
class ReadingsController {

    private final TelemetryService telemetry;

    ReadingsController(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    @GetMapping
    @Operation(
            operationId = "listReadings",
            summary = "Raw readings of one metric, newest first",
            description = "metric is required (pages walk one metric's time line). from (inclusive) and to "
                    + "(exclusive) filter on the event time ts, ISO-8601 instants. Cursor pages: limit 1..200 "
                    + "(default 50), cursor = next_cursor of the previous page. Raw readings are kept for the "
                    + "organization's raw_retention_days; statistics outlive them. Any member of the device's "
                    + "organization may read; other devices answer 404.")
    Page<RawReading> readings(
            CurrentUser user,
            @PathVariable @Parameter(description = "The device.") UUID id,
            @RequestParam(required = false)
                    @Parameter(
                            description = "1 to 64 of a-z, 0-9, '_' and '.'; missing is 422 naming metric.",
                            required = true,
                            example = "temperature",
                            schema = @Schema(pattern = "^[a-z0-9_.]{1,64}$"))
                    @Nullable
                    String metric,
            @RequestParam(required = false)
                    @Parameter(description = "Only readings with ts at or after this instant.")
                    @Nullable
                    Instant from,
            @RequestParam(required = false)
                    @Parameter(description = "Only readings with ts before this instant.")
                    @Nullable
                    Instant to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return telemetry.readings(user.id(), id, metric, from, to, limit, cursor);
    }

    @GetMapping("/latest")
    @Operation(
            operationId = "getLatestReadings",
            summary = "The latest value of every metric",
            description = "One item per metric {metric, ts, value, unit, received_at}, ordered by metric. "
                    + "Latest means newest event time: a late reading older than the current one never "
                    + "replaces it. next_cursor is always null. Any member of the device's organization may "
                    + "read; other devices answer 404.")
    Page<LatestReading> latest(CurrentUser user, @PathVariable @Parameter(description = "The device.") UUID id) {
        return telemetry.latest(user.id(), id);
    }

    @GetMapping("/stats")
    @Operation(
            operationId = "getReadingStats",
            summary = "Statistics of one metric per minute, hour, day, week or month",
            description = """
                    metric is required; from and to (ISO-8601 instants, from < to) default to the last 24 hours. \
                    interval: minute, hour \
                    (default), day, week (Monday first) or month. agg: comma-separated subset of avg, min, max, \
                    sum, count (default all); avg = sum / count. tz: IANA time zone (default UTC) in which day, \
                    week and month follow calendar days: a 23- or 25-hour day at a DST change is one bucket. \
                    minute buckets are computed from raw readings, so the range is at most 7 days and only \
                    within raw retention; hour buckets are UTC hours in every zone. Every bucket holds exactly the \
                    readings in [from, to): whole hours come from hourly rollups (kept after raw readings are \
                    dropped), a partial first or last hour and, in zones with 30- or 45-minute offsets, an hour \
                    split by local midnight from raw readings (so only within raw retention). At most 20,000 \
                    buckets per answer (422 naming \
                    to). Only buckets with data are listed, oldest first, each {start, count?, avg?, min?, \
                    max?, sum?} with start in the offset of tz. Any member of the device's organization may \
                    read; other devices answer 404.""")
    Stats stats(
            CurrentUser user,
            @PathVariable @Parameter(description = "The device.") UUID id,
            @RequestParam(required = false)
                    @Parameter(
                            description = "1 to 64 of a-z, 0-9, '_' and '.'; missing is 422 naming metric.",
                            required = true,
                            example = "temperature",
                            schema = @Schema(pattern = "^[a-z0-9_.]{1,64}$"))
                    @Nullable
                    String metric,
            @RequestParam(required = false)
                    @Parameter(description = "Start of the range, inclusive (default: 24 hours before to).")
                    @Nullable
                    Instant from,
            @RequestParam(required = false)
                    @Parameter(description = "End of the range, exclusive (default: now).")
                    @Nullable
                    Instant to,
            @RequestParam(required = false)
                    @Parameter(
                            description = "Bucket size (default hour).",
                            schema = @Schema(implementation = ReadingInterval.class, defaultValue = "hour"))
                    @Nullable
                    ReadingInterval interval,
            @RequestParam(required = false)
                    @Parameter(
                            description = "The aggregates to compute, comma-separated, e.g. avg,min,max "
                                    + "(default all, in the order avg, min, max, sum, count).",
                            explode = Explode.FALSE,
                            style = ParameterStyle.FORM,
                            array =
                                    @ArraySchema(
                                            schema = @Schema(implementation = Aggregate.class),
                                            uniqueItems = true))
                    @Nullable
                    String agg,
            @RequestParam(required = false)
                    @Parameter(
                            description = "IANA time zone of calendar buckets and of start (default UTC).",
                            example = "Europe/Berlin",
                            schema = @Schema(defaultValue = "UTC"))
                    @Nullable
                    String tz) {
        return telemetry.stats(user.id(), id, new StatsQuery(metric, from, to, interval, agg, tz));
    }
}
