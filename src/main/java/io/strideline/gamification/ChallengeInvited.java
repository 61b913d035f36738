package io.strideline.gamification;

import java.util.UUID;

/** Someone invited a person into a challenge. */
public record ChallengeInvited(UUID challengeId, String challengeName, UUID userId, UUID invitedBy) {}
