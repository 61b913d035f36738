package io.strideline.notification;

import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Notifications", description = "My in-app notifications (new alerts of my organizations)")
class NotificationController {

    @Schema(
            name = "NotificationChange",
            description = "Marks a notification read or unread.",
            example = "{\"read\": true}")
    record Change(
            @Schema(
                    description = "true: read (keeps the first read_at); false: unread again.",
                    example = "true",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Boolean read) {}

    @Schema(description = "How many notifications were marked read.")
    record MarkedAll(
            @Schema(description = "Notifications that were unread and are now read.", example = "3")
            int marked) {}

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    @Operation(
            operationId = "listNotifications",
            summary = "My notifications, newest first",
            description = "unread=true shows only unread ones. Cursor pages: limit 1..200 (default 50), cursor = "
                    + "next_cursor of the previous page. unread_count counts all my unread notifications, "
                    + "whatever the page.")
    NotificationService.Inbox list(
            CurrentUser user,
            @RequestParam(defaultValue = "false") @Parameter(description = "true: only unread ones.") boolean unread,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return notifications.list(user.id(), unread, PageRequest.of(limit, cursor));
    }

    @PatchMapping("/notifications/{id}")
    @Operation(
            operationId = "updateNotification",
            summary = "Mark one notification read or unread",
            description = "{\"read\": true|false}. Marking read again keeps the first read_at. Someone else's "
                    + "notification is 404.")
    NotificationView change(
            CurrentUser user,
            @PathVariable @Parameter(description = "The notification.") UUID id,
            @RequestBody Change change) {
        if (change.read() == null) {
            throw ApiException.invalid("read", "is required (true or false)");
        }
        return notifications.markRead(user.id(), id, change.read());
    }

    @PostMapping("/notifications:mark-all-read")
    @Operation(
            operationId = "markAllNotificationsRead",
            summary = "Mark all my notifications read",
            description = "Answers how many were unread and are now read. No request body.")
    MarkedAll markAllRead(CurrentUser user) {
        return new MarkedAll(notifications.markAllRead(user.id()));
    }
}
