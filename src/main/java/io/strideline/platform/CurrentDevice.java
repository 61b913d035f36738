package io.strideline.platform;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The device behind a device token: its organization and, for a device paired with a person, that
 * person. Declare it as a controller parameter.
 */
public record CurrentDevice(UUID id, UUID orgId, @Nullable UUID userId) {}
