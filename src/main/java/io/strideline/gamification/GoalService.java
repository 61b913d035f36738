package io.strideline.gamification;

import io.strideline.activity.ActivityTotals;
import io.strideline.gamification.GoalRepository.Goal;
import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.steps.StepTotals;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    static final Set<String> PERIODS = Set.of("daily", "weekly", "monthly", "custom");
    static final Set<String> METRICS = Set.of("steps", "distance", "duration", "activity_count");
    static final int MAX_PERIODS = 52;
    static final int DEFAULT_PERIODS = 8;
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

    record NewGoal(
            @Nullable String title,
            @Nullable String period,
            @Nullable String metric,
            @Nullable Double target,
            @Nullable String activityType,
            @Nullable LocalDate startDate,
            @Nullable LocalDate endDate,
            @Nullable Boolean active) {}

    record GoalChanges(
            @Nullable String title,
            @Nullable Double target,
            @Nullable LocalDate endDate,
            @Nullable Boolean active) {}

    record Progress(LocalDate start, LocalDate end, double value, double target, double percent, boolean met) {}

    record GoalView(
            UUID id,
            @Nullable String title,
            String period,
            String metric,
            double target,
            @Nullable String activityType,
            LocalDate startDate,
            @Nullable LocalDate endDate,
            boolean active,
            String timezone,
            Progress progress,
            @Nullable List<Progress> history,
            Instant createdAt,
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
        v.check(
                g.period() != null && PERIODS.contains(g.period()),
                "period",
                "must be daily, weekly, monthly or custom");
        v.check(
                g.metric() != null && METRICS.contains(g.metric()),
                "metric",
                "must be steps, distance, duration or activity_count");
        checkTarget(v, g.target(), true);
        if (g.activityType() != null) {
            v.check(ActivityTotals.isType(g.activityType()), "activity_type", "is not an activity type");
            v.check(!"steps".equals(g.metric()), "activity_type", "steps are not counted per activity type");
        }
        v.check(!start.isBefore(EARLIEST) && !start.isAfter(LATEST), "start_date", "must be from 2000 to 2999");
        v.check("custom".equals(g.period()) ? g.endDate() != null : true, "end_date", "a custom goal needs one");
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
        while (windows.size() < Math.max(periods, 1) && !"custom".equals(goal.period())) {
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
            case "daily" -> {
                start = day;
                end = day;
            }
            case "weekly" -> {
                start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                end = start.plusDays(6);
            }
            case "monthly" -> {
                start = day.withDayOfMonth(1);
                end = day.with(TemporalAdjusters.lastDayOfMonth());
            }
            default -> {
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
        if ("steps".equals(goal.metric())) {
            steps.perDay(goal.userId(), from, to).forEach((day, n) -> out.put(day, (double) n));
            return out;
        }
        activities
                .perDay(goal.userId(), from, to, goal.activityType())
                .forEach((day, t) -> out.put(
                        day,
                        switch (goal.metric()) {
                            case "distance" -> t.distanceMeters();
                            case "duration" -> (double) t.durationSeconds();
                            default -> (double) t.activities();
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
