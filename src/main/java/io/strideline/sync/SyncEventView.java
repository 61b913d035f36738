package io.strideline.sync;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A stored sync: the device's timestamp, what it reported, and when the server received it. */
@Schema(description = "A stored sync.")
public record SyncEventView(
        @Schema(description = "The sync's id.") UUID id,

        @Schema(description = "The device that reported it.")
        UUID deviceId,

        @Schema(
                description = "The device's clock at the sync, as reported (to the microsecond).",
                example = "2026-05-01T12:00:00Z")
        Instant timestamp,

        @Schema(description = "Files synced.", example = "20")
        long totalFilesSynced,

        @Schema(description = "Errors during the sync.", example = "0")
        long totalErrors,

        @Schema(description = "Internet speed in the device's unit; null when not reported.", example = "3.2") @Nullable
        Double internetSpeed,

        @Schema(description = "Whether the sync failed (total_errors > 0).", example = "false")
        boolean failed,

        @Schema(description = "When the server first received it.", example = "2026-05-01T12:00:02Z")
        Instant receivedAt) {}
