package io.strideline.gamification;

import java.util.UUID;

/** A person reached a level for the first time. Published inside the writing transaction. */
public record LevelReached(UUID userId, int level, long xp) {}
