package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** What a ledger entry credits XP for. */
enum XpSource implements WireEnum {
    /** one activity; source_key is its id */
    ACTIVITY,
    /** one local day of steps; source_key is the date */
    STEPS,
    /** a badge's reward; source_key is the badge code (not under the daily cap) */
    BADGE,
    /** reaching a challenge's target; source_key is the challenge id */
    CHALLENGE;

    static XpSource of(String wire) {
        return WireEnum.parse(XpSource.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not an XP source: " + wire));
    }
}
