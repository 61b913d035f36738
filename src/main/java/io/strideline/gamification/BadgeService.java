package io.strideline.gamification;

import io.strideline.activity.ActivityType;
import io.strideline.gamification.XpService.Settlement;
import io.strideline.identity.Relationships;
import io.strideline.identity.UserDirectory;
import io.strideline.platform.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Badges: a catalogue of data (criterion, threshold, types, reward). Every one is judged by the
 * same numbers, kept with the XP ledger ({@link BadgeJudge}), when a person's data is stored
 * (uploads, imports, step syncs) and, for badges added later, by a job over everyone. Earned once; deleting the data
 * that earned it does not take it back.
 */
@Service
class BadgeService {

    private static final Logger log = LoggerFactory.getLogger(BadgeService.class);
    private static final int PAGE = 500;

    @Schema(description = "How far I am toward a badge.")
    record BadgeProgress(
            @Schema(
                    description = "My value in the criterion's unit (metres, days, steps, activities).",
                    example = "7300")
            double value,

            @Schema(description = "value / threshold in percent, at most 100.", example = "73.0")
            double percent) {}

    @Schema(description = "A badge of the catalogue, with whether and when I earned it.")
    record BadgeView(
            @Schema(description = "Stable code.", example = "run_10k")
            String code,

            @Schema(description = "Name.", example = "10K") String name,

            @Schema(description = "What earns it.", example = "Run 10 km in one activity.")
            String description,

            @Schema(description = "The criterion kind.", example = "single_distance")
            BadgeCriterion criterion,

            @Schema(description = "The threshold in the criterion's unit.", example = "10000")
            double threshold,

            @Schema(description = "Activity types that count; null for all.", example = "[\"run\"]") @Nullable
            List<ActivityType> activityTypes,

            @Schema(description = "XP credited once when earned.", example = "50")
            int xpReward,

            @Schema(description = "Whether I earned it.") boolean earned,

            @Schema(description = "When I earned it; null if not.", example = "2026-03-01T07:31:02Z") @Nullable
            Instant earnedAt,

            @Schema(description = "My progress toward it (100 once earned).")
            BadgeProgress progress) {}

    @Schema(description = "A badge a person earned.")
    record EarnedBadge(
            @Schema(description = "Stable code.", example = "run_10k")
            String code,

            @Schema(description = "Name.", example = "10K") String name,

            @Schema(description = "What earns it.", example = "Run 10 km in one activity.")
            String description,

            @Schema(description = "XP it credited.", example = "50")
            int xpReward,

            @Schema(description = "When it was earned.", example = "2026-03-01T07:31:02Z")
            Instant earnedAt) {}

    private final BadgeRepository badges;
    private final BadgeJudge judge;
    private final XpService xp;
    private final Relationships relationships;
    private final UserDirectory directory;
    private final ApplicationEventPublisher events;

    BadgeService(
            BadgeRepository badges,
            BadgeJudge judge,
            XpService xp,
            Relationships relationships,
            UserDirectory directory,
            ApplicationEventPublisher events) {
        this.badges = badges;
        this.judge = judge;
        this.xp = xp;
        this.relationships = relationships;
        this.directory = directory;
        this.events = events;
    }

    /**
     * Awards what the person now qualifies for, crediting the rewards through the ledger: judged by
     * what the settlement's changed entries can move, or, when it changed none (a rebuild, the job
     * for new badges), from the whole history (see {@link BadgeJudge}).
     */
    void award(Settlement s) {
        var open = badges.notEarnedBy(s.userId);
        if (open.isEmpty()) {
            return;
        }
        var figures = s.changedData().isEmpty() ? judge.history(s.userId, true) : judge.change(s, open);
        for (var badge : open) {
            if (figures.value(badge) >= badge.threshold() && badges.award(s.userId, badge.code(), s.now())) {
                if (badge.xpReward() > 0) {
                    xp.reward(s, XpSource.BADGE, badge.code(), badge.xpReward());
                }
                events.publishEvent(new BadgeEarned(s.userId, badge.code(), badge.name(), badge.xpReward()));
            }
        }
    }

    List<BadgeView> catalogue(UUID userId) {
        var earned = badges.earned(userId);
        var figures = judge.history(userId, false);
        return badges.catalogue().stream()
                .map(b -> {
                    Instant at = earned.get(b.code());
                    double value = figures.value(b);
                    double percent = at != null ? 100 : Math.min(100, Math.round(value / b.threshold() * 1000) / 10.0);
                    return new BadgeView(
                            b.code(),
                            b.name(),
                            b.description(),
                            b.criterion(),
                            b.threshold(),
                            b.activityTypes() == null
                                    ? null
                                    : b.activityTypes().stream().sorted().toList(),
                            b.xpReward(),
                            at != null,
                            at,
                            new BadgeProgress(value, percent));
                })
                .toList();
    }

    /** A person's badges, as their profile's visibility lets the viewer see them; 404 otherwise. */
    List<EarnedBadge> earnedBy(UUID viewer, UUID ownerId) {
        var person = directory.person(ownerId).orElseThrow(() -> ApiException.notFound("user"));
        if (!viewer.equals(ownerId) && !relationships.between(viewer, ownerId).sees(person.profileVisibility())) {
            throw ApiException.notFound("user");
        }
        var earned = badges.earned(ownerId);
        var out = new java.util.ArrayList<EarnedBadge>();
        for (var b : badges.catalogue()) {
            Instant at = earned.get(b.code());
            if (at != null) {
                out.add(new EarnedBadge(b.code(), b.name(), b.description(), b.xpReward(), at));
            }
        }
        out.sort((a, b) -> b.earnedAt().compareTo(a.earnedAt()));
        return out;
    }

    /**
     * Badges added to the catalogue later (a migration inserting a row) go to everyone who
     * already qualifies; in pages of people, each in its own transaction under their lock.
     */
    @Async
    @EventListener(ApplicationReadyEvent.class)
    void awardNewBadgesAtStartup() {
        awardNewBadges();
    }

    void awardNewBadges() {
        var fresh = badges.notAwardedToAll();
        if (fresh.isEmpty()) {
            return;
        }
        int people = 0;
        for (UUID after = null; ; ) {
            var page = badges.people(after, PAGE);
            for (UUID person : page) {
                xp.settle(person, this::award);
            }
            people += page.size();
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast();
        }
        fresh.forEach(b -> badges.awardedToAll(b.code()));
        log.info("Awarded {} new badge(s) to everyone of {} people who qualified", fresh.size(), people);
    }
}
