package io.strideline.device;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A device was paired, registered, changed or removed. Published inside the writing transaction;
 * {@code userId} is the person it is paired with, if any.
 */
public record DeviceChanged(
        UUID deviceId, UUID orgId, @Nullable UUID userId, boolean deleted) {}
