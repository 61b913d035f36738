package io.strideline.activity;

import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** A finished run as a device uploads it. Field names are the JSON ones in snake_case. */
@Schema(
        description = "A finished run as a device uploads it: summary, optional AI metrics and an optional GPS track.",
        example = """
                {"client_id": "3b241101-e2bb-4255-8caf-4136c566a962", "title": "Morning run",
                 "started_at": "2026-03-01T07:00:00Z", "ended_at": "2026-03-01T07:30:00Z",
                 "duration_seconds": 1800, "distance_meters": 5000, "avg_speed_kmh": 10.0, "max_speed_kmh": 14.2,
                 "steps": 5200, "calories": 320, "avg_heart_rate": 148,
                 "ai_metrics": {"total_frames": 54000, "obstacles_detected": 12, "warnings_issued": 3,
                   "lane_deviations": 5, "lane_keeping_accuracy": 0.94, "avg_inference_ms": 18.5,
                   "max_inference_ms": 41.0, "min_inference_ms": 11.2,
                   "warnings": [{"type": "obstacle", "at": "2026-03-01T07:12:04Z", "severity": "high"}]},
                 "track": {"t": [0, 1, 2], "lat": [48.1371, 48.1372, 48.1373], "lon": [11.5754, 11.5755, 11.5757],
                   "ele": [519.0, 519.2, 519.5], "hr": [120, 122, 125]}}""")
record RunUpload(
        @Schema(
                description = "The device's own id of this run (a UUID): the same client_id again is answered "
                        + "with the stored run, never stored twice.",
                example = "3b241101-e2bb-4255-8caf-4136c566a962",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        UUID clientId,

        @Schema(description = "Title, at most 200 characters.", example = "Morning run") @Nullable
        String title,

        @Schema(description = "Free-text notes, at most 5000 characters.", example = "Felt easy.") @Nullable
        String notes,

        @Schema(
                description = "Start, ISO-8601 with offset; after 2000-01-01, at most 5 minutes in the future.",
                example = "2026-03-01T07:00:00Z",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Instant startedAt,

        @Schema(
                description = "End, after started_at, at most 7 days later, at most 5 minutes in the future.",
                example = "2026-03-01T07:30:00Z",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Instant endedAt,

        @Schema(
                description = "Moving duration in seconds, 0..(ended_at - started_at).",
                example = "1800",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Integer durationSeconds,

        @Schema(
                description = "Distance in metres, 0..1,000,000; at most 30 km/h on average over the duration.",
                example = "5000",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Double distanceMeters,

        @Schema(description = "Average speed in km/h, 0..100.", example = "10.0") @Nullable
        Double avgSpeedKmh,

        @Schema(description = "Maximum speed in km/h, 0..100, not below avg_speed_kmh.", example = "14.2") @Nullable
        Double maxSpeedKmh,

        @Schema(description = "Steps, 0..1,000,000.", example = "5200") @Nullable
        Integer steps,

        @Schema(description = "Energy in kcal, 0..100,000.", example = "320") @Nullable
        Integer calories,

        @Schema(description = "Average heart rate in beats per minute, 20..250.", example = "148") @Nullable
        Integer avgHeartRate,

        @Schema(description = "What the device's vision model saw during the run; stored and returned as sent.")
        @Nullable
        AiMetrics aiMetrics,

        @Schema(description = "The GPS track; stored as streams and analysed (distance, splits, elevation).") @Nullable
        Track track) {

    static final int MAX_TRACK_POINTS = 36_000;
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MAX_DURATION = 7 * 24 * 3600;
    private static final double MAX_AVG_SPEED_KMH = 30;

    @Schema(
            description = "Metrics of the device's on-board vision model (obstacle and lane detection) over a run. "
                    + "Every field is optional; counts are over the whole run.")
    record AiMetrics(
            @Schema(description = "Camera frames analysed, >= 0.", example = "54000") @Nullable
            Integer totalFrames,

            @Schema(description = "Obstacles detected, >= 0.", example = "12") @Nullable
            Integer obstaclesDetected,

            @Schema(description = "Warnings given to the runner, >= 0.", example = "3") @Nullable
            Integer warningsIssued,

            @Schema(description = "Times the runner left the lane, >= 0.", example = "5") @Nullable
            Integer laneDeviations,

            @Schema(description = "Share of frames in the lane, 0..1.", example = "0.94") @Nullable
            Double laneKeepingAccuracy,

            @Schema(description = "Mean inference time per frame in milliseconds, 0..600000.", example = "18.5")
            @Nullable
            Double avgInferenceMs,

            @Schema(description = "Longest inference time in milliseconds, 0..600000.", example = "41.0") @Nullable
            Double maxInferenceMs,

            @Schema(
                    description = "Shortest inference time in milliseconds, 0..600000, at most " + "max_inference_ms.",
                    example = "11.2")
            @Nullable
            Double minInferenceMs,

            @ArraySchema(arraySchema = @Schema(description = "The warnings given, at most 10,000."), maxItems = 10_000)
            @Nullable
            List<Warning> warnings) {}

    @Schema(description = "One warning the device gave the runner.")
    record Warning(
            @Schema(
                    description =
                            "Kind of warning as the device's model names it (open vocabulary), " + "1..64 characters.",
                    example = "obstacle",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String type,

            @Schema(description = "When it was given, ISO-8601; not in the future.", example = "2026-03-01T07:12:04Z")
            @Nullable
            Instant at,

            @Schema(
                    description = "Severity as the device names it (open vocabulary), at most 32 characters.",
                    example = "high")
            @Nullable
            String severity) {}

    /** Parallel arrays, one entry per point; the decimals are read by {@link TrackNumbers} (speed). */
    @Schema(
            description = "A GPS track as parallel arrays, one entry per point (at most 36,000): t, lat and lon are "
                    + "required and all arrays have the same length.")
    record Track(
            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Seconds from the start, ascending, 0..604800.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(example = "0"),
                    maxItems = MAX_TRACK_POINTS)
            @JsonDeserialize(using = TrackNumbers.class)
            double @Nullable [] t,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Latitudes in degrees (WGS84), -90..90.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(example = "48.1371"),
                    maxItems = MAX_TRACK_POINTS)
            @JsonDeserialize(using = TrackNumbers.class)
            double @Nullable [] lat,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Longitudes in degrees (WGS84), -180..180.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(example = "11.5754"),
                    maxItems = MAX_TRACK_POINTS)
            @JsonDeserialize(using = TrackNumbers.class)
            double @Nullable [] lon,

            @ArraySchema(
                    arraySchema = @Schema(description = "Elevations in metres, -500..9000."),
                    schema = @Schema(example = "519.0"),
                    maxItems = MAX_TRACK_POINTS)
            @JsonDeserialize(using = TrackNumbers.class)
            double @Nullable [] ele,

            @ArraySchema(
                    arraySchema = @Schema(description = "Heart rate in beats per minute, 0..255."),
                    schema = @Schema(example = "120"),
                    maxItems = MAX_TRACK_POINTS)
            int @Nullable [] hr) {}

    /** Every problem of this run, named by JSON field. */
    Validation validate(Instant now) {
        var v = new Validation();
        v.check(clientId != null, "client_id", "is required (a UUID chosen by the device)");
        v.check(title == null || title.length() <= 200, "title", "must have at most 200 characters");
        v.check(notes == null || notes.length() <= 5000, "notes", "must have at most 5000 characters");
        Instant latest = now.plus(MAX_CLOCK_SKEW);
        v.check(startedAt != null, "started_at", "is required");
        v.check(endedAt != null, "ended_at", "is required");
        if (startedAt != null) {
            v.check(!startedAt.isBefore(EARLIEST), "started_at", "must be after 2000-01-01");
            v.check(!startedAt.isAfter(latest), "started_at", "is in the future");
        }
        if (endedAt != null) {
            v.check(!endedAt.isAfter(latest), "ended_at", "is in the future");
        }
        if (startedAt != null && endedAt != null) {
            v.check(endedAt.isAfter(startedAt), "ended_at", "must be after started_at");
            v.check(
                    Duration.between(startedAt, endedAt).toSeconds() <= MAX_DURATION,
                    "ended_at",
                    "a run lasts at most 7 days");
        }
        v.check(durationSeconds != null, "duration_seconds", "is required");
        if (durationSeconds != null) {
            v.check(durationSeconds >= 0, "duration_seconds", "must not be negative");
            if (startedAt != null && endedAt != null) {
                v.check(
                        durationSeconds <= Duration.between(startedAt, endedAt).toSeconds() + 1,
                        "duration_seconds",
                        "must not exceed the time between started_at and ended_at");
            }
        }
        v.check(distanceMeters != null, "distance_meters", "is required");
        if (distanceMeters != null) {
            v.check(
                    Double.isFinite(distanceMeters) && distanceMeters >= 0 && distanceMeters <= 1_000_000,
                    "distance_meters",
                    "must be between 0 and 1000000");
            if (durationSeconds != null && Double.isFinite(distanceMeters) && distanceMeters > 0) {
                // faster than any human runs on average: a broken device clock or GPS
                v.check(
                        durationSeconds > 0 && distanceMeters / durationSeconds * 3.6 <= MAX_AVG_SPEED_KMH,
                        "distance_meters",
                        "implies an average speed over 30 km/h, not a run");
            }
        }
        checkRange(v, avgSpeedKmh, "avg_speed_kmh", 0, 100);
        checkRange(v, maxSpeedKmh, "max_speed_kmh", 0, 100);
        if (avgSpeedKmh != null && maxSpeedKmh != null && !v.has("avg_speed_kmh") && !v.has("max_speed_kmh")) {
            v.check(maxSpeedKmh >= avgSpeedKmh, "max_speed_kmh", "must not be below avg_speed_kmh");
        }
        v.check(steps == null || (steps >= 0 && steps <= 1_000_000), "steps", "must be between 0 and 1000000");
        v.check(calories == null || (calories >= 0 && calories <= 100_000), "calories", "must be between 0 and 100000");
        v.check(
                avgHeartRate == null || (avgHeartRate >= 20 && avgHeartRate <= 250),
                "avg_heart_rate",
                "must be between 20 and 250");
        if (aiMetrics != null) {
            validateAi(v, aiMetrics, latest);
        }
        if (track != null) {
            validateTrack(v, track);
        }
        return v;
    }

    private static void validateAi(Validation v, AiMetrics ai, Instant latest) {
        checkCount(v, ai.totalFrames(), "ai_metrics.total_frames");
        checkCount(v, ai.obstaclesDetected(), "ai_metrics.obstacles_detected");
        checkCount(v, ai.warningsIssued(), "ai_metrics.warnings_issued");
        checkCount(v, ai.laneDeviations(), "ai_metrics.lane_deviations");
        checkRange(v, ai.laneKeepingAccuracy(), "ai_metrics.lane_keeping_accuracy", 0, 1);
        checkRange(v, ai.avgInferenceMs(), "ai_metrics.avg_inference_ms", 0, 600_000);
        checkRange(v, ai.maxInferenceMs(), "ai_metrics.max_inference_ms", 0, 600_000);
        checkRange(v, ai.minInferenceMs(), "ai_metrics.min_inference_ms", 0, 600_000);
        if (ai.minInferenceMs() != null && ai.maxInferenceMs() != null) {
            v.check(
                    ai.minInferenceMs() <= ai.maxInferenceMs(),
                    "ai_metrics.min_inference_ms",
                    "must not exceed max_inference_ms");
        }
        var warnings = ai.warnings();
        if (warnings != null) {
            v.check(warnings.size() <= 10_000, "ai_metrics.warnings", "at most 10000 warnings");
            for (int i = 0; i < Math.min(warnings.size(), 10_000); i++) {
                var w = warnings.get(i);
                String at = "ai_metrics.warnings[" + i + "]";
                if (w == null) {
                    v.check(false, at, "must be an object");
                    continue;
                }
                v.check(
                        w.type() != null && !w.type().isBlank() && w.type().length() <= 64,
                        at + ".type",
                        "must have 1 to 64 characters");
                v.check(
                        w.severity() == null || w.severity().length() <= 32,
                        at + ".severity",
                        "must have at most 32 characters");
                v.check(w.at() == null || !w.at().isAfter(latest), at + ".at", "is in the future");
            }
        }
    }

    /** Also checks the track of an activity logged by hand. */
    static void validateTrack(Validation v, Track track) {
        v.check(track.t() != null, "track.t", "is required with a track");
        v.check(track.lat() != null, "track.lat", "is required with a track");
        v.check(track.lon() != null, "track.lon", "is required with a track");
        if (track.t() == null || track.lat() == null || track.lon() == null) {
            return;
        }
        int n = track.t().length;
        v.check(n <= MAX_TRACK_POINTS, "track.t", "at most 36000 points");
        v.check(track.lat().length == n, "track.lat", "must have as many entries as track.t");
        v.check(track.lon().length == n, "track.lon", "must have as many entries as track.t");
        v.check(track.ele() == null || track.ele().length == n, "track.ele", "must have as many entries as track.t");
        v.check(track.hr() == null || track.hr().length == n, "track.hr", "must have as many entries as track.t");
        if (n > MAX_TRACK_POINTS) {
            return;
        }
        // report the first bad point of each stream, not thousands of them
        firstBad(v, track.t(), "track.t", 0, MAX_DURATION, true);
        firstBad(v, track.lat(), "track.lat", -90, 90, false);
        firstBad(v, track.lon(), "track.lon", -180, 180, false);
        if (track.ele() != null) {
            firstBad(v, track.ele(), "track.ele", -500, 9000, false);
        }
        if (track.hr() != null) {
            for (int i = 0; i < track.hr().length; i++) {
                if (track.hr()[i] < 0 || track.hr()[i] > 255) {
                    v.check(false, "track.hr[" + i + "]", "must be between 0 and 255");
                    break;
                }
            }
        }
    }

    private static void firstBad(
            Validation v, double[] values, String field, double min, double max, boolean ascending) {
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            if (!Double.isFinite(x) || x < min || x > max) {
                v.check(
                        false,
                        field + "[" + i + "]",
                        "must be a finite number between " + (long) min + " and " + (long) max);
                return;
            }
            if (ascending && i > 0 && x < values[i - 1]) {
                v.check(false, field + "[" + i + "]", "must not be smaller than the one before");
                return;
            }
        }
    }

    private static void checkRange(Validation v, @Nullable Double value, String field, double min, double max) {
        if (value != null) {
            v.check(
                    Double.isFinite(value) && value >= min && value <= max,
                    field,
                    "must be a finite number between " + min + " and " + max);
        }
    }

    private static void checkCount(Validation v, @Nullable Integer value, String field) {
        v.check(value == null || value >= 0, field, "must not be negative");
    }
}
