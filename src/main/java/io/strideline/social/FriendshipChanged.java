package io.strideline.social;

import java.util.UUID;

/**
 * Two people became friends ({@code friends}; {@code byUserId} accepted) or stopped being
 * friends (removed, or a block ended it).
 */
public record FriendshipChanged(UUID userId, UUID otherUserId, boolean friends, UUID byUserId) {}
