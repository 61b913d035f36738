package io.strideline.gamification;

import java.util.UUID;

/** A participant reached a challenge's target, with the rank that gives them. */
public record ChallengeCompleted(
        UUID challengeId, String challengeName, ChallengeVisibility visibility, UUID userId, long rank) {}
