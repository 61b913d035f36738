package io.strideline.social;

import java.util.UUID;

/**
 * A person is no longer a member of a group (left, was removed, or the group was deleted): what
 * they could read through it (its group challenges) ends now.
 */
public record GroupMembershipEnded(UUID groupId, UUID userId) {}
