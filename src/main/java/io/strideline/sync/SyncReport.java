package io.strideline.sync;

import io.strideline.platform.Validation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * One sync as a device reports it, in the PiSync shape. {@code timestamp} is the device's clock;
 * {@code internet_speed} is whatever unit the device measures in (PiSync: Mbit/s).
 */
record SyncReport(
        @Nullable Instant timestamp,
        @Nullable Long totalFilesSynced,
        @Nullable Long totalErrors,
        @Nullable Double internetSpeed) {

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
