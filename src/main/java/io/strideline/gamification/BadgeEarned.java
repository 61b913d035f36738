package io.strideline.gamification;

import java.util.UUID;

/** A person earned a badge (once per person and badge). Published inside the writing transaction. */
public record BadgeEarned(UUID userId, String code, String name, int xpReward) {}
