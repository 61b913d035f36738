package io.strideline.gamification;

import io.strideline.activity.ActivityTotals;
import io.strideline.activity.ActivityType;
import io.strideline.gamification.GoalRepository.Goal;
import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.steps.StepTotals;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Goals and their progress. Periods are calendar days, Monday-first weeks and calendar months in
 * the person's time zone, cut to the goal's start and end dates; a custom goal has one period,
 * its start to its end. Values are read from the day totals of the activity module on every
 * request: at most 52 periods of a goal, so at most a year or so of day rows.
 */
@Service
class GoalService {

    static final int MAX_PERIODS = 52;
    static final int DEFAULT_PERIODS = 8;
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

    @Schema(description = "A new goal.", example = """
                    {"title": "Run 20 km a week", "period": "weekly", "metric": "distance", "target": 20000, \
                    "activity_type": "run", "start_date": "2026-03-02"}""")
    record NewGoal(
            @Schema(description = "Title, at most 100 characters.", example = "Run 20 km a week") @Nullable
            String title,

            @Schema(
                    description = "daily, weekly (Monday to Sunday), monthly, or custom (one period from "
                            + "start_date to end_date).",
                    example = "weekly",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            GoalPeriod period,

            @Schema(
                    description =
                            "What is counted: steps, distance (metres), duration (seconds) or " + "activity_count.",
                    example = "distance",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            GoalMetric metric,

            @Schema(
                    description = "Target per period in the metric's unit, above 0 and at most 1e9.",
                    example = "20000",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Double target,

            @Schema(
                    description = "Count only activities of this type; default all types. Not with metric " + "steps.",
                    example = "run")
            @Nullable
            ActivityType activityType,

            @Schema(
                    description = "First day counted (2000..2999); default today in my time zone.",
                    example = "2026-03-02")
            @Nullable
            LocalDate startDate,

            @Schema(
                    description = "Last day counted, not before start_date; required for custom, else "
                            + "default open-ended.",
                    example = "2026-06-28")
            @Nullable
            LocalDate endDate,

            @Schema(description = "Whether the goal is active; default true.", example = "true") @Nullable
            Boolean active) {}

    @Schema(description = "Changes to a goal: only the fields sent (and not null) change.")
    record GoalChanges(
            @Schema(description = "New title, at most 100 characters.", example = "Run 25 km a week") @Nullable
            String title,

            @Schema(description = "New target, above 0 and at most 1e9.", example = "25000") @Nullable
            Double target,

            @Schema(description = "New last day, not before start_date.", example = "2026-12-27") @Nullable
            LocalDate endDate,

            @Schema(description = "Pause (false) or resume (true) the goal.", example = "false") @Nullable
            Boolean active) {}

    @Schema(description = "A goal's progress over one period.")
    record Progress(
            @Schema(description = "First day of the period (cut to the goal's start_date).", example = "2026-03-02")
            LocalDate start,

            @Schema(description = "Last day of the period (cut to the goal's end_date).", example = "2026-03-08")
            LocalDate end,

            @Schema(description = "What was reached, in the metric's unit.", example = "12500.0")
            double value,

            @Schema(description = "The goal's target.", example = "20000.0")
            double target,

            @Schema(description = "value / target in percent (may exceed 100), rounded to 0.1.", example = "62.5")
            double percent,

            @Schema(description = "Whether value reached target.", example = "false")
            boolean met) {}

    @Schema(description = "A goal of mine with the progress of its current period.")
    record GoalView(
            @Schema(description = "The goal's id.") UUID id,

            @Schema(description = "Its title.", example = "Run 20 km a week") @Nullable
            String title,

            @Schema(description = "Its period.", example = "weekly")
            GoalPeriod period,

            @Schema(description = "What it counts.", example = "distance")
            GoalMetric metric,

            @Schema(description = "Target per period in the metric's unit.", example = "20000.0")
            double target,

            @Schema(description = "Only activities of this type count; null for all.", example = "run") @Nullable
            ActivityType activityType,

            @Schema(description = "First day counted.", example = "2026-03-02")
            LocalDate startDate,

            @Schema(description = "Last day counted; null for open-ended.", example = "2026-06-28") @Nullable
            LocalDate endDate,

            @Schema(description = "Whether it is active.", example = "true")
            boolean active,

            @Schema(description = "The IANA time zone periods are counted in (mine).", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "The current period (or the nearest one before start or after end).")
            Progress progress,

            @Schema(
                    description = "This and earlier periods, newest first, never before start_date; only on "
                            + "GET /goals/{id} and in create and update answers.")
            @Nullable
            List<Progress> history,

            @Schema(description = "When it was set.", example = "2026-03-02T08:00:00Z")
            Instant createdAt,

            @Schema(description = "Last change.", example = "2026-03-02T08:00:00Z")
            Instant updatedAt) {}

    private record Window(LocalDate start, LocalDate end) {}

    private final GoalRepository goals;
    private final ActivityTotals activities;
    private final StepTotals steps;
    private final UserTimezones timezones;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    GoalService(
            GoalRepository goals,
            ActivityTotals activities,
            StepTotals steps,
            UserTimezones timezones,
            Clock clock,
            ApplicationEventPublisher events) {
        this.goals = goals;
        this.activities = activities;
        this.steps = steps;
        this.timezones = timezones;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    GoalView create(UUID userId, NewGoal g) {
        LocalDate today = LocalDate.now(clock.withZone(timezones.of(userId)));
        LocalDate start = g.startDate() == null ? today : g.startDate();
        var v = new Validation();
        v.check(g.title() == null || g.title().length() <= 100, "title", "must have at most 100 characters");
        v.check(g.period() != null, "period", "is required");
        v.check(g.metric() != null, "metric", "is required");
        checkTarget(v, g.target(), true);
        if (g.activityType() != null) {
            v.check(g.metric() != GoalMetric.STEPS, "activity_type", "steps are not counted per activity type");
        }
        v.check(!start.isBefore(EARLIEST) && !start.isAfter(LATEST), "start_date", "must be from 2000 to 2999");
        v.check(g.period() == GoalPeriod.CUSTOM ? g.endDate() != null : true, "end_date", "a custom goal needs one");
        checkEnd(v, start, g.endDate());
        v.throwIfInvalid();
        var goal = new Goal(
                Ids.newId(),
                userId,
                g.title(),
                Objects.requireNonNull(g.period(), "checked by the validation above"),
                Objects.requireNonNull(g.metric(), "checked by the validation above"),
                Objects.requireNonNull(g.target(), "checked by the validation above"),
                g.activityType(),
                start,
                g.endDate(),
                g.active() == null || g.active(),
                Instant.now(clock),
                Instant.now(clock));
        goals.insert(goal);
        events.publishEvent(new GoalChanged(userId, goal.id(), false));
        return get(userId, goal.id(), DEFAULT_PERIODS);
    }

    Page<GoalView> list(UUID userId, @Nullable Boolean active, PageRequest page) {
        var rows = goals.list(userId, active, page);
        var shown = Page.of(rows, page.limit(), g -> PageRequest.cursor(g.createdAt(), g.id()));
        return new Page<>(shown.items().stream().map(g -> view(g, 0)).toList(), shown.nextCursor());
    }

    GoalView get(UUID userId, UUID id, @Nullable Integer periods) {
        int n = periods == null ? DEFAULT_PERIODS : periods;
        new Validation()
                .check(n >= 1 && n <= MAX_PERIODS, "periods", "must be between 1 and " + MAX_PERIODS)
                .throwIfInvalid();
        return view(goals.find(userId, id).orElseThrow(() -> ApiException.notFound("goal")), n);
    }

    @Transactional
    GoalView update(UUID userId, UUID id, GoalChanges changes) {
        var goal = goals.find(userId, id).orElseThrow(() -> ApiException.notFound("goal"));
        var v = new Validation();
        v.check(
                changes.title() == null || changes.title().length() <= 100,
                "title",
                "must have at most 100 characters");
        checkTarget(v, changes.target(), false);
        checkEnd(v, goal.startDate(), changes.endDate());
        v.throwIfInvalid();
        goals.update(new Goal(
                goal.id(),
                userId,
                changes.title() == null ? goal.title() : changes.title(),
                goal.period(),
                goal.metric(),
                changes.target() == null ? goal.target() : changes.target(),
                goal.activityType(),
                goal.startDate(),
                changes.endDate() == null ? goal.endDate() : changes.endDate(),
                changes.active() == null ? goal.active() : changes.active(),
                goal.createdAt(),
                goal.updatedAt()));
        events.publishEvent(new GoalChanged(userId, id, false));
        return get(userId, id, DEFAULT_PERIODS);
    }

    @Transactional
    void delete(UUID userId, UUID id) {
        if (!goals.delete(userId, id)) {
            throw ApiException.notFound("goal");
        }
        events.publishEvent(new GoalChanged(userId, id, true));
    }

    /**
     * Announces the goal periods holding these days that are met now, once per goal and period
     * (a period met, lost by a deletion and met again is not announced twice).
     */
    void announceMet(UUID userId, Collection<LocalDate> days) {
        for (var goal : goals.active(userId)) {
            for (var day : new java.util.TreeSet<>(days)) {
                if (day.isBefore(goal.startDate()) || (goal.endDate() != null && day.isAfter(goal.endDate()))) {
                    continue;
                }
                var w = window(goal, day);
                var p = progress(goal, w, values(goal, w.start(), w.end()));
                if (p.met() && goals.markMet(goal.id(), w.start(), clock.instant())) {
                    events.publishEvent(new GoalMet(userId, goal.id(), goal.title(), w.start()));
                }
            }
        }
    }

    private static void checkTarget(Validation v, @Nullable Double target, boolean required) {
        if (target == null) {
            v.check(!required, "target", "is required");
            return;
        }
        v.check(Double.isFinite(target) && target > 0 && target <= 1e9, "target", "must be above 0 and at most 1e9");
    }

    private static void checkEnd(Validation v, LocalDate start, @Nullable LocalDate end) {
        if (end != null) {
            v.check(!end.isBefore(start), "end_date", "must not be before start_date");
            v.check(!end.isAfter(LATEST), "end_date", "must be before 3000");
        }
    }

    /** The goal with the progress of its current period and, for {@code periods > 0}, the last periods. */
    private GoalView view(Goal goal, int periods) {
        var zone = timezones.of(goal.userId());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate anchor = today.isBefore(goal.startDate())
                ? goal.startDate()
                : goal.endDate() != null && today.isAfter(goal.endDate()) ? goal.endDate() : today;
        var windows = new ArrayList<Window>();
        Window current = window(goal, anchor);
        windows.add(current);
        while (windows.size() < Math.max(periods, 1) && goal.period() != GoalPeriod.CUSTOM) {
            LocalDate before = windows.getLast().start().minusDays(1);
            if (before.isBefore(goal.startDate())) {
                break;
            }
            windows.add(window(goal, before));
        }
        var values = values(goal, windows.getLast().start(), current.end());
        var progress = windows.stream().map(w -> progress(goal, w, values)).toList();
        return new GoalView(
                goal.id(),
                goal.title(),
                goal.period(),
                goal.metric(),
                goal.target(),
                goal.activityType(),
                goal.startDate(),
                goal.endDate(),
                goal.active(),
                zone.getId(),
                progress.getFirst(),
                periods > 0 ? progress : null,
                goal.createdAt(),
                goal.updatedAt());
    }

    /** The calendar period holding {@code day}, cut to the goal's own start and end. */
    private static Window window(Goal goal, LocalDate day) {
        LocalDate start;
        LocalDate end;
        switch (goal.period()) {
            case DAILY -> {
                start = day;
                end = day;
            }
            case WEEKLY -> {
                start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                end = start.plusDays(6);
            }
            case MONTHLY -> {
                start = day.withDayOfMonth(1);
                end = day.with(TemporalAdjusters.lastDayOfMonth());
            }
            default -> { // CUSTOM
                start = goal.startDate();
                end = goal.endDate() == null ? goal.startDate() : goal.endDate();
            }
        }
        if (start.isBefore(goal.startDate())) {
            start = goal.startDate();
        }
        if (goal.endDate() != null && end.isAfter(goal.endDate())) {
            end = goal.endDate();
        }
        return new Window(start, end);
    }

    /** The goal's metric per day from {@code from} to {@code to}, read once for all periods. */
    private Map<LocalDate, Double> values(Goal goal, LocalDate from, LocalDate to) {
        var out = new java.util.HashMap<LocalDate, Double>();
        if (ChronoUnit.DAYS.between(from, to) < 0) {
            return out;
        }
        if (goal.metric() == GoalMetric.STEPS) {
            steps.perDay(goal.userId(), from, to).forEach((day, n) -> out.put(day, (double) n));
            return out;
        }
        activities
                .perDay(goal.userId(), from, to, goal.activityType())
                .forEach((day, t) -> out.put(
                        day,
                        switch (goal.metric()) {
                            case DISTANCE -> t.distanceMeters();
                            case DURATION -> (double) t.durationSeconds();
                            case ACTIVITY_COUNT, STEPS -> (double) t.activities();
                        }));
        return out;
    }

    private static Progress progress(Goal goal, Window w, Map<LocalDate, Double> values) {
        double value = 0;
        for (var e : values.entrySet()) {
            if (!e.getKey().isBefore(w.start()) && !e.getKey().isAfter(w.end())) {
                value += e.getValue();
            }
        }
        double percent = Math.round(value / goal.target() * 1000) / 10.0;
        return new Progress(w.start(), w.end(), value, goal.target(), percent, value >= goal.target());
    }
}
