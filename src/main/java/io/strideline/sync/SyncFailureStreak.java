package io.strideline.sync;

import java.time.Instant;
import java.util.UUID;

/**
 * A device's latest syncs (by the device's timestamps) failed {@code failures} times in a row,
 * reaching the configured threshold. Published once per streak.
 */
public record SyncFailureStreak(UUID deviceId, UUID orgId, int failures, Instant lastFailureAt) {}
