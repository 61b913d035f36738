package io.strideline.device;

import java.time.Instant;
import java.util.UUID;

/** A device that was offline (or never seen yet) was seen: its first contact, or a return. */
public record DeviceCameOnline(UUID deviceId, UUID orgId, Instant at) {}
