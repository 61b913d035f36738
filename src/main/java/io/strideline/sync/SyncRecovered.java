package io.strideline.sync;

import java.time.Instant;
import java.util.UUID;

/** A device that was in a failure streak synced successfully again. */
public record SyncRecovered(UUID deviceId, UUID orgId, Instant at) {}
