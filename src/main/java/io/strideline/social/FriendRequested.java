package io.strideline.social;

import java.util.UUID;

/** {@code requesterId} asked {@code addresseeId} to be friends. */
public record FriendRequested(UUID requesterId, UUID addresseeId) {}
