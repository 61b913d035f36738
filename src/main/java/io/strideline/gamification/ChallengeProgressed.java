package io.strideline.gamification;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A participant's value in a challenge changed: {@code progress} as summed, {@code score} what the
 * leaderboard orders by (progress capped at the target), {@code completedAt} once the target is
 * reached. Published inside the writing transaction.
 */
public record ChallengeProgressed(
        UUID challengeId,
        UUID userId,
        double progress,
        double score,
        @Nullable Instant completedAt) {}
