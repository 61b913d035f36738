package io.strideline.social;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A new post; {@code groupId} when it was posted in a group. */
public record PostCreated(
        UUID postId, UUID authorId, @Nullable UUID groupId) {}
