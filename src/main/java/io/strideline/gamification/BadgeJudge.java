package io.strideline.gamification;

import io.strideline.activity.ActivityType;
import io.strideline.gamification.BadgeRepository.Badge;
import io.strideline.gamification.BadgeRepository.Changed;
import io.strideline.gamification.BadgeRepository.Counter;
import io.strideline.gamification.BadgeRepository.TypeStats;
import io.strideline.gamification.XpService.Settlement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The numbers a badge's criterion is compared with, two ways. After an upload, edit or step sync
 * only what the change can move, at a cost that does not grow with the person's history: sums
 * (activities, metres, steps, early starts) from {@code badge_counters}, which a trigger keeps with
 * every ledger row (V41); maxima (one activity's metres or climb, a day's steps) from the changed
 * entries themselves; a streak from the days around the changed ones, as far back and forward as
 * the longest streak threshold still open. Badges are never taken back, so a maximum reached by
 * data since deleted needs no counter: it was judged when it was written. From the whole history
 * (the catalogue's progress, and settlements that changed no entry: a rebuild after a time-zone
 * change, the job for badges added later), which also recounts the counters from the ledger: the
 * one place where they are rebuilt rather than followed.
 */
@Component
class BadgeJudge {

    /** A person's value for a badge's criterion. */
    interface Figures {
        double value(Badge badge);
    }

    private final BadgeRepository badges;

    BadgeJudge(BadgeRepository badges) {
        this.badges = badges;
    }

    /** What the settlement's changed entries can move, for the badges still open. */
    Figures change(Settlement s, List<Badge> open) {
        UUID userId = s.userId;
        var counters = badges.counters(userId);
        var changed = badges.changed(userId, s.changedData());
        int longestOpenStreak = open.stream()
                .filter(b -> b.criterion() == BadgeCriterion.ACTIVITY_STREAK)
                .mapToInt(b -> (int) Math.ceil(b.threshold()))
                .max()
                .orElse(0);
        var streakDays =
                changed.stream().filter(c -> c.type() != null).map(Changed::day).toList();
        int streak = longestOpenStreak == 0 || streakDays.isEmpty()
                ? 0
                : badges.longestStreakBetween(
                        userId,
                        streakDays.stream()
                                .min(LocalDate::compareTo)
                                .orElseThrow()
                                .minusDays(longestOpenStreak - 1),
                        streakDays.stream()
                                .max(LocalDate::compareTo)
                                .orElseThrow()
                                .plusDays(longestOpenStreak - 1));
        return b -> {
            Predicate<@Nullable ActivityType> ofTypes = t -> t != null && counts(b.activityTypes(), t);
            return switch (b.criterion()) {
                case ACTIVITY_COUNT ->
                    counters.stream()
                            .filter(c -> ofTypes.test(c.type()))
                            .mapToLong(Counter::entries)
                            .sum();
                case TOTAL_DISTANCE ->
                    counters.stream()
                            .filter(c -> ofTypes.test(c.type()))
                            .mapToDouble(Counter::distance)
                            .sum();
                case EARLY_START ->
                    counters.stream()
                            .filter(c -> ofTypes.test(c.type()) && c.localHour() < beforeHour(b))
                            .mapToLong(Counter::entries)
                            .sum();
                case TOTAL_STEPS ->
                    counters.stream()
                            .filter(c -> c.type() == null)
                            .mapToLong(Counter::steps)
                            .sum();
                case SINGLE_DISTANCE ->
                    changed.stream()
                            .filter(c -> ofTypes.test(c.type()))
                            .mapToDouble(Changed::distance)
                            .max()
                            .orElse(0);
                case SINGLE_CLIMB ->
                    changed.stream()
                            .filter(c -> ofTypes.test(c.type()))
                            .mapToDouble(Changed::climb)
                            .max()
                            .orElse(0);
                case STEP_DAY ->
                    changed.stream()
                            .filter(c -> c.type() == null)
                            .mapToLong(Changed::steps)
                            .max()
                            .orElse(0);
                case ACTIVITY_STREAK -> streak;
            };
        };
    }

    /** From the whole history, recounting the counters first when {@code recount}. */
    Figures history(UUID userId, boolean recount) {
        if (recount) {
            badges.recountCounters(userId);
        }
        long[] steps = badges.stepStats(userId);
        List<TypeStats> types = badges.typeStats(userId);
        var streak = new Object() {
            @Nullable
            Integer days;

            int get() {
                if (days == null) { // read only when a streak badge asks, and then once
                    days = types.isEmpty() ? 0 : badges.longestStreak(userId);
                }
                return days;
            }
        };
        return b -> {
            var ofTypes = types.stream()
                    .filter(t -> counts(b.activityTypes(), t.type()))
                    .toList();
            return switch (b.criterion()) {
                case ACTIVITY_COUNT ->
                    ofTypes.stream().mapToLong(TypeStats::activities).sum();
                case SINGLE_DISTANCE ->
                    ofTypes.stream().mapToDouble(TypeStats::longest).max().orElse(0);
                case TOTAL_DISTANCE ->
                    ofTypes.stream().mapToDouble(TypeStats::distance).sum();
                case SINGLE_CLIMB ->
                    ofTypes.stream().mapToDouble(TypeStats::climb).max().orElse(0);
                case ACTIVITY_STREAK -> streak.get();
                case STEP_DAY -> steps[0];
                case TOTAL_STEPS -> steps[1];
                case EARLY_START -> types.isEmpty() ? 0 : badges.startsBefore(userId, beforeHour(b), b.activityTypes());
            };
        };
    }

    private static int beforeHour(Badge b) {
        return b.beforeHour() == null ? 7 : b.beforeHour();
    }

    private static boolean counts(@Nullable Set<ActivityType> types, ActivityType type) {
        return types == null || types.contains(type);
    }
}
