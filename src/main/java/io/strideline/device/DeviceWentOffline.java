package io.strideline.device;

import java.time.Instant;
import java.util.UUID;

/** A device was not seen for longer than its inactivity timeout. */
public record DeviceWentOffline(UUID deviceId, UUID orgId, Instant lastSeenAt) {}
