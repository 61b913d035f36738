package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** Who sees and may join a challenge. */
public enum ChallengeVisibility implements WireEnum {
    /** everyone */
    PUBLIC,
    /** the members of its group */
    GROUP,
    /** its creator, its participants and whom they invited */
    PRIVATE;

    static ChallengeVisibility of(String wire) {
        return WireEnum.parse(ChallengeVisibility.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a challenge visibility: " + wire));
    }
}
