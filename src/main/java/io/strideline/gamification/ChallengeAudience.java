package io.strideline.gamification;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** Who may follow a challenge: the same rule as reading it (creator, participants, invited, or its visibility). */
@Component
public class ChallengeAudience {

    private final ChallengeService challenges;

    ChallengeAudience(ChallengeService challenges) {
        this.challenges = challenges;
    }

    public boolean sees(UUID userId, UUID challengeId) {
        return challenges.sees(userId, challengeId);
    }
}
