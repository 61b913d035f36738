package io.strideline.steps;

import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.ApiException.FieldProblem;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.Validation;
import io.strideline.steps.StepRepository.Day;
import io.strideline.steps.StepRepository.SourceRow;
import io.strideline.steps.StepRepository.StepRow;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Daily step counts from phones and devices. Each source owns its row per day and replaces it on
 * every sync; readers take the source with the most steps per day (never the sum: a phone and a
 * watch worn together count the same steps twice).
 */
@Service
class StepService {

    static final int MAX_ITEMS = 366;
    static final int MAX_STEPS = 200_000;
    static final int DEFAULT_DAILY_GOAL = 10_000;
    /** How far back the current streak is counted; keeps the query bounded. */
    static final int MAX_STREAK_DAYS = 1000;

    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    record StepInput(
            @Schema(description = "The local day counted.", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
            LocalDate date,

            @Schema(description = "Steps that day, 0..200,000.", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
            Integer steps,

            @Nullable Double distanceMeters,
            @Nullable Integer calories,
            @Nullable Integer activeMinutes) {}

    @Schema(name = "StepProblem")
    record Problem(String code, String detail, List<FieldProblem> errors) {}

    @Schema(name = "StepItemResult")
    record ItemResult(
            int index,
            @Nullable LocalDate date,
            String status,
            @Nullable Problem problem) {}

    record SyncResult(String source, int stored, int rejected, List<ItemResult> results) {}

    record Daily(
            LocalDate date,
            String timezone,
            int steps,
            @Nullable Double distanceMeters,
            @Nullable Integer calories,
            @Nullable Integer activeMinutes,
            @Nullable String source,
            List<SourceRow> sources) {}

    record Range(LocalDate from, LocalDate to, String timezone, long totalSteps, List<Day> days) {}

    record Period(
            LocalDate start,
            LocalDate end,
            long totalSteps,
            double totalDistanceMeters,
            int daysWithData,
            double dailyAverage) {}

    record BestDay(LocalDate date, int steps) {}

    record StepStats(
            String timezone,
            LocalDate today,
            int todaySteps,
            int dailyGoal,
            Period week,
            Period month,
            Period year,
            @Nullable BestDay bestDay,
            int currentStreak) {}

    private final StepRepository steps;
    private final UserTimezones timezones;
    private final ObjectMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    StepService(
            StepRepository steps,
            UserTimezones timezones,
            ObjectMapper json,
            Clock clock,
            ApplicationEventPublisher events) {
        this.steps = steps;
        this.timezones = timezones;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    SyncResult syncFromDevice(CurrentDevice device, @Nullable List<JsonNode> items) {
        UUID userId = device.userId();
        if (userId == null) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "not_a_personal_device",
                    "Steps come from devices paired with a person; this device belongs to an organization.");
        }
        return sync(userId, device.id().toString(), items);
    }

    SyncResult syncFromUser(UUID userId, @Nullable String source, @Nullable List<JsonNode> items) {
        new Validation()
                .check(
                        source == null || source.equals("app") || source.equals("manual"),
                        "source",
                        "must be app or manual")
                .throwIfInvalid();
        return sync(userId, source == null ? "app" : source, items);
    }

    /** Stores every valid item in one statement; each invalid one gets its problem. */
    @Transactional
    SyncResult sync(UUID userId, String source, @Nullable List<JsonNode> items) {
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ApiException.invalid("steps", "must hold 1 to " + MAX_ITEMS + " days");
        }
        LocalDate today = today(userId);
        var results = new ArrayList<ItemResult>(items.size());
        var valid = new ArrayList<StepRow>();
        var dates = new HashSet<LocalDate>();
        for (int i = 0; i < items.size(); i++) {
            String at = "steps[" + i + "]";
            StepInput in;
            try {
                in = items.get(i) == null || !items.get(i).isObject()
                        ? null
                        : json.treeToValue(items.get(i), StepInput.class);
            } catch (JacksonException e) {
                results.add(rejected(
                        i,
                        null,
                        "malformed_item",
                        List.of(new FieldProblem(at + "." + Validation.jsonPath(e), "has the wrong type or format"))));
                continue;
            }
            if (in == null) {
                results.add(rejected(i, null, "malformed_item", List.of(new FieldProblem(at, "must be an object"))));
                continue;
            }
            var v = new Validation();
            v.check(in.date() != null, at + ".date", "is required");
            if (in.date() != null) {
                v.check(!in.date().isBefore(EARLIEST), at + ".date", "must be 2000-01-01 or later");
                v.check(!in.date().isAfter(today), at + ".date", "is in the future in your time zone");
                v.check(!dates.contains(in.date()), at + ".date", "appears more than once in this sync");
            }
            v.check(in.steps() != null, at + ".steps", "is required");
            v.check(
                    in.steps() == null || (in.steps() >= 0 && in.steps() <= MAX_STEPS),
                    at + ".steps",
                    "must be between 0 and 200000");
            v.check(
                    in.distanceMeters() == null
                            || (Double.isFinite(in.distanceMeters())
                                    && in.distanceMeters() >= 0
                                    && in.distanceMeters() <= 500_000),
                    at + ".distance_meters",
                    "must be between 0 and 500000");
            v.check(
                    in.calories() == null || (in.calories() >= 0 && in.calories() <= 50_000),
                    at + ".calories",
                    "must be between 0 and 50000");
            v.check(
                    in.activeMinutes() == null || (in.activeMinutes() >= 0 && in.activeMinutes() <= 1440),
                    at + ".active_minutes",
                    "must be between 0 and 1440");
            if (!v.problems().isEmpty()) {
                results.add(rejected(i, in.date(), "validation_failed", v.problems()));
                continue;
            }
            LocalDate date = Objects.requireNonNull(in.date(), "checked by the validation above");
            dates.add(date);
            valid.add(new StepRow(
                    date,
                    Objects.requireNonNull(in.steps(), "checked by the validation above"),
                    in.distanceMeters(),
                    in.calories(),
                    in.activeMinutes()));
            results.add(new ItemResult(i, in.date(), "stored", null));
        }
        steps.upsert(userId, source, valid);
        if (!valid.isEmpty()) {
            events.publishEvent(new StepsChanged(userId, List.copyOf(dates)));
        }
        return new SyncResult(source, valid.size(), items.size() - valid.size(), results);
    }

    Daily daily(UUID userId, @Nullable LocalDate date) {
        var zone = timezones.of(userId);
        LocalDate day = date == null ? LocalDate.now(clock.withZone(zone)) : date;
        var sources = steps.sources(userId, day);
        if (sources.isEmpty()) {
            return new Daily(day, zone.getId(), 0, null, null, null, null, List.of());
        }
        var top = sources.getFirst(); // ordered by steps desc: the day's value
        return new Daily(
                day,
                zone.getId(),
                top.steps(),
                top.distanceMeters(),
                top.calories(),
                top.activeMinutes(),
                top.source(),
                sources);
    }

    Range range(UUID userId, @Nullable LocalDate from, @Nullable LocalDate to) {
        var v = new Validation().check(from != null, "from", "is required").check(to != null, "to", "is required");
        if (from != null && to != null) {
            v.check(!to.isBefore(from), "to", "must not be before from");
            v.check(ChronoUnit.DAYS.between(from, to) < MAX_ITEMS, "to", "the range spans at most 366 days");
        }
        v.throwIfInvalid();
        Objects.requireNonNull(from, "checked by the validation above");
        Objects.requireNonNull(to, "checked by the validation above");
        var days = steps.days(userId, from, to);
        long total = days.stream().mapToLong(Day::steps).sum();
        return new Range(from, to, timezones.of(userId).getId(), total, days);
    }

    StepStats stats(UUID userId, @Nullable Integer dailyGoal) {
        int goal = dailyGoal == null ? DEFAULT_DAILY_GOAL : dailyGoal;
        new Validation()
                .check(goal >= 1 && goal <= MAX_STEPS, "daily_goal", "must be between 1 and 200000")
                .throwIfInvalid();
        var zone = timezones.of(userId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate yearAgo = today.minusDays(364);
        LocalDate yearStart = today.withDayOfYear(1);
        LocalDate streakStart = today.minusDays(MAX_STREAK_DAYS - 1);
        // one read covers the year, the best day of the last 365 days and the streak window
        LocalDate from = streakStart.isBefore(yearStart) ? streakStart : yearStart;
        var days = steps.days(userId, from, today);
        BestDay best = null;
        int todaySteps = 0;
        var met = new HashSet<LocalDate>();
        for (var d : days) {
            if (!d.date().isBefore(yearAgo) && (best == null || d.steps() > best.steps())) {
                best = new BestDay(d.date(), d.steps());
            }
            if (d.date().equals(today)) {
                todaySteps = d.steps();
            }
            if (d.steps() >= goal) {
                met.add(d.date());
            }
        }
        // today still counts up: a streak is alive while yesterday met the goal
        LocalDate cursor = met.contains(today) ? today : today.minusDays(1);
        int streak = 0;
        while (met.contains(cursor) && streak < MAX_STREAK_DAYS) {
            streak++;
            cursor = cursor.minusDays(1);
        }
        return new StepStats(
                zone.getId(),
                today,
                todaySteps,
                goal,
                period(days, today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), today),
                period(days, today.withDayOfMonth(1), today),
                period(days, yearStart, today),
                best,
                streak);
    }

    /** Totals of one period so far; the average is over days with data (a day never synced is unknown, not 0). */
    private static Period period(List<Day> days, LocalDate start, LocalDate end) {
        long total = 0;
        double distance = 0;
        int n = 0;
        for (var d : days) {
            if (!d.date().isBefore(start) && !d.date().isAfter(end)) {
                total += d.steps();
                distance += d.distanceMeters() == null ? 0 : d.distanceMeters();
                n++;
            }
        }
        return new Period(start, end, total, distance, n, n == 0 ? 0 : (double) total / n);
    }

    private LocalDate today(UUID userId) {
        return LocalDate.now(clock.withZone(timezones.of(userId)));
    }

    private static ItemResult rejected(int index, @Nullable LocalDate date, String code, List<FieldProblem> errors) {
        return new ItemResult(index, date, "rejected", new Problem(code, "This day was not stored.", errors));
    }
}
