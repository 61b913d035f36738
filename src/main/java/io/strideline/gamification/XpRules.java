package io.strideline.gamification;

import io.strideline.activity.ActivityTotals.Effort;
import io.strideline.activity.ActivityType;

/**
 * The XP formula and the level curve (README, "Gamification"). XP of an activity grows with its
 * distance and climb only, so the same distance done slower never earns more; an activity
 * without distance (a workout, a treadmill session logged by time) earns by its duration and
 * sets. An average speed beyond what a person does for the type ({@link
 * io.strideline.activity.ActivityType#maxPlausibleKmh}, the limit manual input refuses above too)
 * earns nothing and is flagged; flagged entries count for no badge, challenge or leaderboard. A
 * likely duplicate of another activity (the activity module marks it) is flagged the same way.
 */
final class XpRules {

    /** What the formula gives for one source, before the daily cap. */
    record Earned(int xp, boolean flagged) {}

    static final int STEPS_PER_XP = 1000;
    /** More steps in a day than this is not believed (the step counter accepts up to 200,000). */
    static final int MAX_PLAUSIBLE_STEPS = 100_000;
    /** XP for reaching a challenge's target; under the daily cap like the data that earned it. */
    static final int CHALLENGE_REWARD = 50;

    private static final double CLIMB_XP_PER_METRE = 0.1;
    private static final double XP_PER_MINUTE = 0.5;
    private static final int MAX_TIMED_MINUTES = 240;
    private static final int MAX_SETS = 60;
    private static final double MAX_CLIMB_METRES = 9000;

    private XpRules() {}

    static Earned activity(Effort a) {
        if (a.duplicateOf() != null) {
            return new Earned(0, true);
        }
        double km = a.distanceMeters() / 1000;
        if (km > 0) {
            double hours = a.durationSeconds() / 3600.0;
            if (hours <= 0 || km / hours > a.type().maxPlausibleKmh() || a.elevationGainMeters() > MAX_CLIMB_METRES) {
                return new Earned(0, true);
            }
            return new Earned(
                    (int) Math.floor(km * xpPerKm(a.type()) + a.elevationGainMeters() * CLIMB_XP_PER_METRE), false);
        }
        double minutes = Math.min(a.durationSeconds() / 60.0, MAX_TIMED_MINUTES);
        int sets = Math.min(a.sets(), MAX_SETS);
        return new Earned((int) Math.floor(minutes * XP_PER_MINUTE) + sets, false);
    }

    static Earned steps(int steps) {
        return steps > MAX_PLAUSIBLE_STEPS ? new Earned(0, true) : new Earned(steps / STEPS_PER_XP, false);
    }

    static double xpPerKm(ActivityType type) {
        return switch (type) {
            case RUN -> 10;
            case WALK -> 6;
            case HIKE -> 8;
            case RIDE -> 3;
            case SWIM -> 40;
            case MULTISPORT -> 5;
            case WORKOUT, OTHER -> 4;
        };
    }

    /** The XP at which a level starts: 50·n·(n−1), so level 2 at 100, 3 at 300, 4 at 600, 10 at 4,500. */
    static long levelFloor(int level) {
        return 50L * level * (level - 1);
    }

    static int level(long xp) {
        int n = (int) Math.floor((1 + Math.sqrt(1 + 0.08 * xp)) / 2);
        while (levelFloor(n + 1) <= xp) {
            n++;
        }
        while (n > 1 && levelFloor(n) > xp) {
            n--;
        }
        return Math.max(n, 1);
    }
}
