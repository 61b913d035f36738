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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps XP, challenge progress, badges and goal announcements in step with a person's data,
 * inside the transaction that writes the data (device uploads, imports, manual activities, edits,
 * deletes, step syncs): what the apps read next is already right. Transactional itself for the
 * writers that publish without one (a step sync is one statement), so that what it announces is
 * delivered after the commit.
 */
@Component
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

    @EventListener
    @Transactional
    void on(ActivityChanged e) {
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

    @EventListener
    @Transactional
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

    @EventListener
    @Transactional
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
