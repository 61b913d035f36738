package io.strideline.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of ingest and statistics, and how far ahead daily partitions are made.
 *
 * @param maxBatch readings per upload
 * @param maxFuture how far a reading's time may lie in the server's future (device clocks drift)
 * @param maxMinuteRange the widest range of minute statistics, which read raw rows
 * @param maxBuckets the most buckets one statistics answer may have
 * @param partitionsAhead daily partitions made ahead of today by the maintenance job
 */
@ConfigurationProperties("strideline.telemetry")
record TelemetrySettings(
        int maxBatch, Duration maxFuture, Duration maxMinuteRange, int maxBuckets, int partitionsAhead) {}
