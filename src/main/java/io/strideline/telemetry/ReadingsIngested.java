package io.strideline.telemetry;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * New readings were stored for a device (duplicates of stored ones do not count). Says which
 * metrics and how many readings, not the readings themselves: the event is written to the event
 * publication table in the ingest transaction, and listeners read what they need from the stored
 * data ({@link MetricConditions}). Carrying 1,000 readings made each event ~65 kB of JSON and
 * halved ingest throughput (docs/benchmarks.md).
 */
public record ReadingsIngested(UUID deviceId, UUID orgId, Set<String> metrics, int count, Instant newestTs) {}
