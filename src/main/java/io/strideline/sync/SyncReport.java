package io.strideline.sync;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * One sync as a device reports it, in the PiSync shape. {@code timestamp} is the device's clock;
 * {@code internet_speed} is whatever unit the device measures in (PiSync: Mbit/s).
 */
@Schema(
        description = "One sync as a device reports it (PiSync's shape). A sync with total_errors > 0 failed. "
                + "A device_id in the body (PiSync firmware sends one) is accepted and ignored: the token names "
                + "the device.",
        example = "{\"timestamp\": \"2026-05-01T12:00:00Z\", \"total_files_synced\": 20, \"total_errors\": 0, "
                + "\"internet_speed\": 3.2}")
// PiSync firmware sends its own device_id; refusing it would break every PiSync box in the field
@JsonIgnoreProperties({"device_id"})
record SyncReport(
        @Schema(
                description = "The device's clock at the sync, ISO-8601 with offset; after 2000-01-01 and at "
                        + "most 5 minutes in the server's future. With the device, the sync's identity.",
                example = "2026-05-01T12:00:00Z",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Instant timestamp,

        @Schema(
                description = "Files synced, not negative.",
                example = "20",
                minimum = "0",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Long totalFilesSynced,

        @Schema(
                description = "Errors during the sync, not negative; more than 0 means the sync failed.",
                example = "0",
                minimum = "0",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Long totalErrors,

        @Schema(
                description = "Measured internet speed, a finite number ≥ 0 in the device's unit (PiSync: "
                        + "Mbit/s); optional, default none (null).",
                example = "3.2",
                minimum = "0")
        @Nullable
        Double internetSpeed) {

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** Every problem of this report, named by JSON field. */
    Validation validate(Instant now, Duration maxClockSkew) {
        var v = new Validation();
        v.check(timestamp != null, "timestamp", "is required");
        if (timestamp != null) {
            v.check(!timestamp.isBefore(EARLIEST), "timestamp", "must be after 2000-01-01");
            v.check(
                    !timestamp.isAfter(now.plus(maxClockSkew)),
                    "timestamp",
                    "is more than " + maxClockSkew.toMinutes() + " minutes in the future");
        }
        v.check(totalFilesSynced != null, "total_files_synced", "is required");
        v.check(totalFilesSynced == null || totalFilesSynced >= 0, "total_files_synced", "must not be negative");
        v.check(totalErrors != null, "total_errors", "is required");
        v.check(totalErrors == null || totalErrors >= 0, "total_errors", "must not be negative");
        v.check(
                internetSpeed == null || (Double.isFinite(internetSpeed) && internetSpeed >= 0),
                "internet_speed",
                "must be a finite number, not negative");
        return v;
    }

    /** PostgreSQL keeps microseconds; a retry must hit the same key as the stored row. */
    Instant storedTimestamp() {
        if (timestamp == null) {
            throw new IllegalStateException("validate first");
        }
        return timestamp.truncatedTo(ChronoUnit.MICROS);
    }

    boolean failed() {
        return totalErrors != null && totalErrors > 0;
    }
}
