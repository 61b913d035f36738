package io.strideline.activity;

import java.util.UUID;

/**
 * An activity of a person was created, changed or deleted. Published inside the writing
 * transaction, so that the mobile change feed records it atomically with the change. {@code created}:
 * it is new (recorded, entered or imported), not an edit.
 */
public record ActivityChanged(UUID userId, UUID activityId, boolean created, boolean deleted) {}
