package io.strideline.device;

import java.time.Instant;
import java.util.UUID;

/** A device that was offline was seen again. */
public record DeviceCameOnline(UUID deviceId, UUID orgId, Instant at) {}
