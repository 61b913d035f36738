package io.strideline.social;

import java.util.UUID;

/** A comment on a post or an activity ({@code subjectKind} post|activity) of {@code ownerId}. */
public record CommentAdded(UUID commentId, String subjectKind, UUID subjectId, UUID ownerId, UUID authorId) {}
