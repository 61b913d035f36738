package io.strideline.gamification;

import java.util.UUID;

/** A person's goal was created, changed or deleted. Published inside the writing transaction. */
public record GoalChanged(UUID userId, UUID goalId, boolean deleted) {}
