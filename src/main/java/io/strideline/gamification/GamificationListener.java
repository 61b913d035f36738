package io.strideline.gamification;

import io.strideline.activity.ActivityChanged;
import io.strideline.activity.ActivityTotals;
import io.strideline.activity.ActivityTotalsRebuilt;
import io.strideline.identity.UserTimezones;
import io.strideline.steps.StepTotals;
import io.strideline.steps.StepsChanged;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps XP, challenge progress, badges and goal announcements in step with a person's data
 * (device uploads, imports, manual activities, edits, deletes, step syncs, zone moves). After the
 * writer's commit, in a transaction of its own (issue 26): an exception or a lock wait here must
 * not fail a device's upload, so the apps may read XP, progress and badges a moment late. Durable:
 * the publication is recorded in the writer's transaction and re-delivered after a failure
 * ({@code EventRetry}) or a crash, so every handler is idempotent: it trusts only the ids and
 * dates of the event and recomputes from what is stored now (the ledger holds one row per
 * activity or day, set to the current value), so a re-delivery settles nothing new, and a
 * "created" event handled after the deletion that followed it finds no effort and takes the XP
 * back. What it announces (badges, goals) is published in its own transaction, after that
 * commit. Off with {@code strideline.events.side-effects.enabled} (bench only).
 */
@Component
@ConditionalOnProperty(name = "strideline.events.side-effects.enabled", matchIfMissing = true)
class GamificationListener {

    private final XpService xp;
    private final ChallengeService challenges;
    private final BadgeService badges;
    private final GoalService goals;
    private final ActivityTotals activities;
    private final StepTotals steps;
    private final UserTimezones timezones;

    GamificationListener(
            XpService xp,
            ChallengeService challenges,
            BadgeService badges,
            GoalService goals,
            ActivityTotals activities,
            StepTotals steps,
            UserTimezones timezones) {
        this.xp = xp;
        this.challenges = challenges;
        this.badges = badges;
        this.goals = goals;
        this.activities = activities;
        this.steps = steps;
        this.timezones = timezones;
    }

    @ApplicationModuleListener
    void on(ActivityChanged e) {
        // the activity as it is now: deleted since the event, it has no effort whatever the event says
        Optional<ActivityTotals.Effort> effort = e.deleted() ? Optional.empty() : activities.effort(e.activityId());
        xp.settle(e.userId(), s -> {
            if (!xp.activity(s, e.activityId(), effort)) {
                return; // a title or visibility edit: nothing challenges or badges count moved
            }
            challenges.refresh(s);
            if (effort.isPresent()) { // every criterion only grows with data: a deletion earns nothing
                badges.award(s);
            }
        });
        effort.ifPresent(a -> goals.announceMet(
                e.userId(),
                List.of(a.startedAt().atZone(timezones.of(e.userId())).toLocalDate())));
    }

    @ApplicationModuleListener
    void on(StepsChanged e) {
        if (e.dates().isEmpty()) {
            return;
        }
        LocalDate from = Collections.min(e.dates());
        LocalDate to = Collections.max(e.dates());
        var perDay = steps.counted(e.userId(), from, to);
        xp.settle(e.userId(), s -> {
            boolean changed = false;
            for (LocalDate day : e.dates()) {
                var counted = perDay.get(day);
                changed |= counted == null
                        ? xp.steps(s, day, 0, false)
                        : xp.steps(s, day, counted.steps(), counted.enteredByHand());
            }
            if (changed) { // a sync sent again, or a lower source, moves nothing
                challenges.refresh(s);
                badges.award(s);
            }
        });
        goals.announceMet(e.userId(), e.dates());
    }

    @ApplicationModuleListener
    void on(ActivityTotalsRebuilt e) {
        xp.redate(e.userId());
        // no "nothing moved" shortcut here: a move can shift data across a window's edge while
        // every XP number stays the same, so every open challenge is re-counted
        xp.settle(e.userId(), s -> {
            challenges.refresh(s);
            badges.award(s);
        });
    }
}
