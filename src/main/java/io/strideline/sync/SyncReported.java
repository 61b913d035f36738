package io.strideline.sync;

import java.util.UUID;

/** A device reported a sync that was not stored before. Published inside the writing transaction. */
public record SyncReported(UUID deviceId, UUID orgId, SyncEventView event) {}
