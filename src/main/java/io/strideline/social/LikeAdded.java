package io.strideline.social;

import java.util.UUID;

/** A like on a post or an activity ({@code subjectKind} post|activity) of {@code ownerId}. */
public record LikeAdded(String subjectKind, UUID subjectId, UUID ownerId, UUID likerId) {}
