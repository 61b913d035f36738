package io.strideline.social;

import java.util.UUID;

/** {@code invitedBy} invited {@code userId} into a group. */
public record GroupInvitation(UUID groupId, String groupName, UUID userId, UUID invitedBy) {}
