package io.strideline.platform;

import java.util.UUID;

/** The device behind a device token, and the account it is paired with. Declare it as a controller parameter. */
public record CurrentDevice(UUID id, UUID userId) {}
