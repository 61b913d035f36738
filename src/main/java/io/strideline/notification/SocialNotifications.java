package io.strideline.notification;

import io.strideline.identity.Relation;
import io.strideline.identity.Relationships;
import io.strideline.identity.UserDirectory;
import io.strideline.platform.Ids;
import io.strideline.social.CommentAdded;
import io.strideline.social.FriendRequested;
import io.strideline.social.FriendshipChanged;
import io.strideline.social.GroupInvitation;
import io.strideline.social.GroupJoinRequested;
import io.strideline.social.LikeAdded;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * In-app notifications for what people do to each other. Each runs after the action committed;
 * by then one of the two may have blocked the other, and then nobody is notified.
 */
@Component
class SocialNotifications {

    private final NotificationRepository notifications;
    private final UserDirectory directory;
    private final Relationships relationships;
    private final ObjectMapper json;
    private final Clock clock;

    SocialNotifications(
            NotificationRepository notifications,
            UserDirectory directory,
            Relationships relationships,
            ObjectMapper json,
            Clock clock) {
        this.notifications = notifications;
        this.directory = directory;
        this.relationships = relationships;
        this.json = json;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(FriendRequested e) {
        notify(
                e.addresseeId(),
                e.requesterId(),
                NotificationType.FRIEND_REQUEST,
                e.requesterId(),
                " wants to be friends",
                data(e.requesterId()));
    }

    @ApplicationModuleListener
    void on(FriendshipChanged e) {
        if (e.friends()) {
            UUID requester = e.byUserId().equals(e.userId()) ? e.otherUserId() : e.userId();
            notify(
                    requester,
                    e.byUserId(),
                    NotificationType.FRIEND_ACCEPTED,
                    e.byUserId(),
                    " accepted your friend request",
                    data(e.byUserId()));
        }
    }

    @ApplicationModuleListener
    void on(CommentAdded e) {
        var data = data(e.authorId())
                .put("subject_kind", e.subjectKind())
                .put("subject_id", e.subjectId().toString())
                .put("comment_id", e.commentId().toString());
        notify(
                e.ownerId(),
                e.authorId(),
                NotificationType.COMMENT,
                e.commentId(),
                " commented on your " + e.subjectKind(),
                data);
    }

    @ApplicationModuleListener
    void on(LikeAdded e) {
        if (blocked(e.ownerId(), e.likerId())) {
            return;
        }
        // once per person and subject ever: toggling a like must not ping the owner each time
        directory
                .person(e.likerId())
                .ifPresent(liker -> notifications.addLike(
                        Ids.newId(),
                        e.ownerId(),
                        e.subjectId(),
                        e.subjectKind(),
                        e.likerId(),
                        liker.displayName(),
                        clock.instant()));
    }

    @ApplicationModuleListener
    void on(GroupInvitation e) {
        notify(
                e.userId(),
                e.invitedBy(),
                NotificationType.GROUP_INVITATION,
                e.groupId(),
                " invited you to " + e.groupName(),
                data(e.invitedBy()).put("group_id", e.groupId().toString()));
    }

    @ApplicationModuleListener
    void on(GroupJoinRequested e) {
        for (UUID admin : e.admins()) {
            var data = data(e.userId()).put("group_id", e.groupId().toString());
            // one per group and person asking: the source is both
            UUID source = UUID.nameUUIDFromBytes((e.groupId() + ":" + e.userId()).getBytes(StandardCharsets.UTF_8));
            notify(
                    admin,
                    e.userId(),
                    NotificationType.GROUP_JOIN_REQUEST,
                    source,
                    " asks to join " + e.groupName(),
                    data);
        }
    }

    /** The title is the actor's name and {@code whatTheyDid}; user input never becomes a format. */
    private void notify(
            UUID recipient, UUID actor, NotificationType type, UUID source, String whatTheyDid, ObjectNode data) {
        if (blocked(recipient, actor)) {
            return;
        }
        directory
                .person(actor)
                .ifPresent(person -> notifications.upsert(
                        Ids.newId(),
                        recipient,
                        type,
                        source,
                        person.displayName() + whatTheyDid,
                        person.displayName() + whatTheyDid + ".",
                        data,
                        clock.instant()));
    }

    private boolean blocked(UUID recipient, UUID actor) {
        return relationships.between(recipient, actor) == Relation.BLOCKED;
    }

    private ObjectNode data(UUID actor) {
        return json.createObjectNode().put("user_id", actor.toString());
    }
}
