package io.strideline.notification;

import io.strideline.alerting.AlertRaised;
import io.strideline.identity.Relationships;
import io.strideline.notification.NotificationRepository.Fanout;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

@Service
class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    /** A page of my notifications and how many of all of mine are unread. */
    @Schema(description = "A page of my notifications, newest first, and how many of all of mine are unread.")
    record Inbox(
            @Schema(description = "The notifications of this page.")
            List<NotificationView> items,

            @Schema(description = "Cursor of the next page; null on the last page.") @Nullable
            String nextCursor,

            @Schema(description = "All my unread notifications, whatever the page and filter.", example = "3")
            long unreadCount) {}

    private final NotificationRepository notifications;
    private final OrgAccess orgs;
    private final Relationships relationships;
    private final ObjectMapper json;
    private final Clock clock;

    NotificationService(
            NotificationRepository notifications,
            OrgAccess orgs,
            Relationships relationships,
            ObjectMapper json,
            Clock clock) {
        this.notifications = notifications;
        this.orgs = orgs;
        this.relationships = relationships;
        this.json = json;
        this.clock = clock;
    }

    Inbox list(UUID userId, boolean unreadOnly, PageRequest page) {
        // a block hides, both ways, what names the other person, as for feeds and comments
        var hidden = relationships.blockedEitherWay(userId);
        var rows = notifications.list(userId, hidden, unreadOnly, page);
        var shown = Page.of(rows, page.limit(), n -> PageRequest.cursor(n.createdAt(), n.id()));
        return new Inbox(shown.items(), shown.nextCursor(), notifications.unreadCount(userId, hidden));
    }

    @Transactional
    NotificationView markRead(UUID userId, UUID id, boolean read) {
        return notifications
                .markRead(userId, relationships.blockedEitherWay(userId), id, read, clock.instant())
                .orElseThrow(() -> ApiException.notFound("notification"));
    }

    @Transactional
    int markAllRead(UUID userId) {
        return notifications.markAllRead(userId, clock.instant());
    }

    /**
     * Every member of the alert's organization (viewers and up) gets one notification, written in
     * one statement. Runs after the alert's transaction committed; a re-delivery notifies no one
     * twice (unique per person and alert).
     */
    @ApplicationModuleListener
    void on(AlertRaised alert) {
        var members = orgs.members(alert.orgId(), Role.VIEWER);
        if (members.isEmpty()) {
            return;
        }
        var ids = new ArrayList<UUID>(members.size());
        members.forEach(m -> ids.add(Ids.newId()));
        var data = json.createObjectNode()
                .put("alert_id", alert.alertId().toString())
                .put("severity", alert.severity());
        if (alert.deviceId() != null) {
            data.put("device_id", alert.deviceId().toString());
        }
        long created = notifications.insertAll(new Fanout(
                ids,
                members,
                alert.orgId(),
                NotificationType.ALERT,
                alert.alertId(),
                alert.title(),
                alert.message(),
                data,
                clock.instant()));
        log.debug("alert {} notified {} of {} members", alert.alertId(), created, members.size());
    }
}
