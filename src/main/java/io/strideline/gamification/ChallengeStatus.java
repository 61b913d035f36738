package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** Where a challenge stands, by the viewer's local date. */
enum ChallengeStatus implements WireEnum {
    /** before its start date */
    UPCOMING,
    /** from its start to its end date */
    ACTIVE,
    /** after its end date */
    FINISHED
}
