package io.strideline.notification;

import java.util.UUID;

/** A person got a notification (or an unread one was refreshed, as a new like does). */
public record NotificationCreated(UUID userId, UUID notificationId, NotificationType type, String title) {}
