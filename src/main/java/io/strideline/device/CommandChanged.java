package io.strideline.device;

import java.util.UUID;

/**
 * A command was queued (also again, for a retry), delivered, completed, expired or failed. Published
 * with the change (inside its transaction, where there is one).
 */
public record CommandChanged(UUID commandId, UUID deviceId, CommandState state) {}
