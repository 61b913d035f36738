package io.strideline.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sync health settings ({@code strideline.sync.*}).
 *
 * @param streakThreshold failing syncs in a row, ordered by the device's timestamp, after which
 *     the device gets one warning (log line and {@link SyncFailureStreak}); the next later success
 *     ends the streak ({@link SyncRecovered})
 * @param repeatedFailures defaults of {@code GET /devices/sync/repeated-failures}
 * @param maxClockSkew how far in the server's future a sync timestamp may lie
 * @param maxBatch most sync events in one batch upload
 */
@ConfigurationProperties("strideline.sync")
record SyncProperties(
        @DefaultValue("3") int streakThreshold,
        @DefaultValue RepeatedFailures repeatedFailures,
        @DefaultValue("5m") Duration maxClockSkew,
        @DefaultValue("500") int maxBatch) {

    /**
     * @param moreThan a device is listed when it had more than this many failing syncs in the window
     *     (the default {@code min_failures} is this plus one)
     * @param windowDays the default window, in days back from now by the device's timestamps
     */
    record RepeatedFailures(
            @DefaultValue("3") int moreThan,
            @DefaultValue("7") int windowDays) {}

    SyncProperties {
        if (streakThreshold < 1) {
            throw new IllegalArgumentException("strideline.sync.streak-threshold must be at least 1");
        }
    }
}
