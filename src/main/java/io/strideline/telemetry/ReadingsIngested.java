package io.strideline.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * New readings were stored for a device (duplicates of stored ones are not in it). Alert rules
 * on metrics are evaluated from it.
 */
public record ReadingsIngested(UUID deviceId, UUID orgId, List<Reading> readings) {

    public record Reading(String metric, Instant ts, double value) {}
}
