package io.strideline.device;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A command as the device sees it, polled or pushed over the device WebSocket; attempt is 1 on the
 * first delivery.
 */
@Schema(description = "A command handed to the device.")
public record DeviceCommand(
        @Schema(
                description = "The command's id, for POST /device/commands/{commandId}/result.",
                example = "0190a8c5-2d3e-7f4a-9b5c-6d7e8f9a0b1c")
        UUID id,

        @Schema(description = "What to do.", example = "reboot")
        String name,

        @Schema(description = "Its arguments; null when none.") @Nullable
        JsonNode params,

        @Schema(description = "It is void after this time.", example = "2026-03-01T09:30:00Z")
        Instant expiresAt,

        @Schema(description = "Which delivery this is: 1 the first time, more on retries.", example = "1")
        int attempt) {}
