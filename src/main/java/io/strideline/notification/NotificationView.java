package io.strideline.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A notification as its owner sees it; {@code read} is {@code read_at != null}. */
@Schema(description = "One of my in-app notifications.")
record NotificationView(
        @Schema(description = "The notification's id.") UUID id,

        @Schema(description = "The organization it is about; null when it is about none.") @Nullable
        UUID orgId,

        @Schema(description = "What it is about.", example = "alert")
        NotificationType type,

        @Schema(description = "Short summary.", example = "North bed is offline")
        String title,

        @Schema(
                description = "The text, for people.",
                example = "North bed has not been seen since 2026-05-01T12:00:00Z.")
        String body,

        @Schema(
                description = "Details by type; alert: {alert_id, severity, device_id?}; friend_request, "
                        + "friend_accepted: {user_id}; comment: {user_id, subject_kind, subject_id, comment_id}; like: "
                        + "{user_id (the latest), subject_kind, subject_id, count: the distinct people who liked it "
                        + "for the first time since I last read it; a person's like notifies once ever, liking "
                        + "again after unliking neither notifies nor counts}; group_invitation, "
                        + "group_join_request: {user_id, group_id}. Null when none.",
                example = "{\"alert_id\": \"0192f0c4-8a1e-7000-8000-000000000002\", \"severity\": \"warning\"}")
        @Nullable
        JsonNode data,

        @Schema(description = "When it was created.") Instant createdAt,

        @Schema(description = "Whether I have read it (read_at is set).", example = "false")
        boolean read,

        @Schema(description = "When I first marked it read; null while unread.") @Nullable
        Instant readAt) {}
