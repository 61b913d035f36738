package io.strideline.sync;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A stored sync: the device's timestamp, what it reported, and when the server received it. */
record SyncEventView(
        UUID id,
        UUID deviceId,
        Instant timestamp,
        long totalFilesSynced,
        long totalErrors,
        @Nullable Double internetSpeed,
        boolean failed,
        Instant receivedAt) {}
