package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** Whom a leaderboard ranks. */
enum LeaderboardScope implements WireEnum {
    /** every participant */
    ALL,
    /** me and my friends */
    FRIENDS
}
