package io.strideline.notification;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A notification as its owner sees it; {@code read} is {@code read_at != null}. */
record NotificationView(
        UUID id,
        @Nullable UUID orgId,
        String type,
        String title,
        String body,
        @Nullable JsonNode data,
        Instant createdAt,
        boolean read,
        @Nullable Instant readAt) {}
