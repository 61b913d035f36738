package io.strideline.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a stored batch of readings says per metric, for live dashboards. A separate event from
 * {@link ReadingsIngested} because it is heard only inside this instance (no listener stores it
 * in the event publication table), so the summary costs ingest no extra write.
 */
public record ReadingsSummarised(UUID deviceId, UUID orgId, List<MetricSummary> metrics) {

    /** Count, range and the latest value of one metric in the batch. */
    public record MetricSummary(String metric, int count, double min, double max, double latest, Instant latestTs) {

        MetricSummary plus(MetricSummary other) {
            boolean newer = other.latestTs.isAfter(latestTs);
            return new MetricSummary(
                    metric,
                    count + other.count,
                    Math.min(min, other.min),
                    Math.max(max, other.max),
                    newer ? other.latest : latest,
                    newer ? other.latestTs : latestTs);
        }
    }
}
