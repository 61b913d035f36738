package io.strideline.steps;

import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.ApiException.FieldProblem;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.UnknownFields;
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

    @Schema(description = "One day of steps to store; each day is judged on its own.")
    record StepInput(
            @Schema(
                    description = "The local calendar day counted, from 2000-01-01 to today in my time zone; "
                            + "no date twice in one sync.",
                    example = "2026-03-01",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            LocalDate date,

            @Schema(
                    description = "Steps that day, 0..200,000.",
                    example = "11432",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Integer steps,

            @Schema(description = "Distance in metres, 0..500,000.", example = "8120.5") @Nullable
            Double distanceMeters,

            @Schema(description = "Energy in kcal, 0..50,000.", example = "410") @Nullable
            Integer calories,

            @Schema(description = "Active minutes, 0..1440.", example = "74") @Nullable
            Integer activeMinutes) {}

    @Schema(name = "StepProblem", description = "Why one day was not stored (as a problem would say).")
    record Problem(
            @Schema(description = "Stable machine-readable code.", example = "validation_failed")
            String code,

            @Schema(description = "What went wrong, for people.", example = "This day was not stored.")
            String detail,

            @Schema(description = "Each bad field of the day, named within the request (e.g. `steps[2].steps`).")
            List<FieldProblem> errors) {}

    @Schema(name = "StepItemResult", description = "What became of one day of the sync.")
    record ItemResult(
            @Schema(description = "Position of the day in the request's steps, from 0.", example = "0")
            int index,

            @Schema(description = "The day, when it could be read.", example = "2026-03-01") @Nullable
            LocalDate date,

            @Schema(description = "stored, or rejected (see problem).", example = "stored")
            StepItemStatus status,

            @Schema(description = "Why it was rejected; null when stored.") @Nullable
            Problem problem) {}

    @Schema(description = "One result per day of the sync, in order, and the counts.")
    record SyncResult(
            @Schema(
                    description = "The source the days were stored under: app or manual, or the device's id.",
                    example = "app")
            String source,

            @Schema(description = "Days stored.", example = "7")
            int stored,

            @Schema(
                    description =
                            "Days that break a rule of the StepInput schema (its description lists them, and no date twice), not stored; see their problem.",
                    example = "0")
            int rejected,

            @Schema(description = "One result per day, in the order of the request.")
            List<ItemResult> results) {}

    @Schema(description = "My steps of one day.")
    record Daily(
            @Schema(description = "The local calendar day.", example = "2026-03-01")
            LocalDate date,

            @Schema(description = "The IANA time zone the day is in (mine).", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "Steps: the maximum over sources; 0 without data.", example = "11432")
            int steps,

            @Schema(description = "Distance in metres, from the source with the most steps.", example = "8120.5")
            @Nullable
            Double distanceMeters,

            @Schema(description = "Energy in kcal, from that source.", example = "410") @Nullable
            Integer calories,

            @Schema(description = "Active minutes, from that source.", example = "74") @Nullable
            Integer activeMinutes,

            @Schema(description = "That source (app, manual or a device id); null without data.", example = "app")
            @Nullable
            String source,

            @Schema(description = "Every source's numbers of the day, most steps first.")
            List<SourceRow> sources) {}

    @Schema(description = "My steps per day over a range.")
    record Range(
            @Schema(description = "First day, inclusive.", example = "2026-03-01")
            LocalDate from,

            @Schema(description = "Last day, inclusive.", example = "2026-03-07")
            LocalDate to,

            @Schema(description = "The IANA time zone the days are in (mine).", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "Sum of the days' steps.", example = "70511")
            long totalSteps,

            @Schema(description = "The days with data, in date order.")
            List<Day> days) {}

    @Schema(description = "Steps over a week, month or year so far.")
    record Period(
            @Schema(description = "First day.", example = "2026-02-23")
            LocalDate start,

            @Schema(description = "Last day (today).", example = "2026-03-01")
            LocalDate end,

            @Schema(description = "Sum of the days' steps.", example = "70511")
            long totalSteps,

            @Schema(description = "Sum of the days' distances in metres.", example = "50300.0")
            double totalDistanceMeters,

            @Schema(description = "Days with data.", example = "7")
            int daysWithData,

            @Schema(description = "totalSteps / daysWithData; 0 without data.", example = "10073.0")
            double dailyAverage) {}

    @Schema(description = "The day with the most steps.")
    record BestDay(
            @Schema(description = "The day.", example = "2026-01-17")
            LocalDate date,

            @Schema(description = "Its steps.", example = "31204")
            int steps) {}

    @Schema(description = "My step statistics in my time zone.")
    record StepStats(
            @Schema(description = "The IANA time zone (mine).", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "Today in that zone.", example = "2026-03-01")
            LocalDate today,

            @Schema(description = "Today's steps so far.", example = "6210")
            int todaySteps,

            @Schema(description = "The daily goal the streak counts against.", example = "10000")
            int dailyGoal,

            @Schema(description = "This week, Monday first, so far.")
            Period week,

            @Schema(description = "This month so far.") Period month,
            @Schema(description = "This year so far.") Period year,

            @Schema(description = "The best day of the last 365 days; null without data.") @Nullable
            BestDay bestDay,

            @Schema(
                    description =
                            "Consecutive days reaching daily_goal, ending today or yesterday (at most " + "1000).",
                    example = "12")
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

    SyncResult syncFromUser(UUID userId, @Nullable StepSource source, @Nullable List<JsonNode> items) {
        return sync(userId, (source == null ? StepSource.APP : source).wire(), items);
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
            JsonNode item = items.get(i);
            StepInput in;
            try {
                in = item == null || !item.isObject()
                        ? null
                        : UnknownFields.refuse(() -> json.treeToValue(item, StepInput.class));
            } catch (ApiException e) {
                results.add(rejected(
                        i,
                        null,
                        e.code(),
                        e.errors().stream()
                                .map(f -> new FieldProblem(at + "." + f.field(), f.message()))
                                .toList()));
                continue;
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
            results.add(new ItemResult(i, in.date(), StepItemStatus.STORED, null));
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
        return new ItemResult(
                index, date, StepItemStatus.REJECTED, new Problem(code, "This day was not stored.", errors));
    }
}
