package io.strideline.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepApiTest extends ApiTest {

    /** Thursday 19 November 2026, 09:00 in Tokyo: the week and streak below do not depend on today. */
    private static final java.time.Instant PINNED = java.time.Instant.parse("2026-11-19T00:00:00Z");

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private Person tokyoPerson() {
        var person = register();
        person.api().patch("/api/v1/me", Map.of("timezone", "Asia/Tokyo")).expect(200);
        return person;
    }

    private static Map<String, Object> day(LocalDate date, int steps) {
        var day = new HashMap<String, Object>();
        day.put("date", date.toString());
        day.put("steps", steps);
        return day;
    }

    private static Map<String, Object> sync(Object... days) {
        return Map.of("steps", List.of(days));
    }

    @Test
    void aLaterSyncOfTheSameDayReplacesItsNumbers() {
        var person = tokyoPerson();
        var date = LocalDate.now(clock.withZone(TOKYO)).minusDays(1);
        var first = day(date, 5000);
        first.put("distance_meters", 3500.0);
        first.put("calories", 200);
        first.put("active_minutes", 45);
        var r = person.api().post("/api/v1/steps/sync", sync(first)).expect(200).body();
        assertThat(r.path("stored").asInt()).isEqualTo(1);
        assertThat(r.path("source").asString()).isEqualTo("app");
        person.api().post("/api/v1/steps/sync", sync(day(date, 7000))).expect(200);

        var daily =
                person.api().get("/api/v1/steps/daily?date=" + date).expect(200).body();
        assertThat(daily.path("steps").asInt()).isEqualTo(7000);
        assertThat(daily.path("sources")).hasSize(1);
        assertThat(daily.path("distance_meters").isNull()).isTrue();
        var range = person.api()
                .get("/api/v1/steps/range?from=" + date.minusDays(3) + "&to=" + date)
                .expect(200)
                .body();
        assertThat(range.path("total_steps").asLong()).isEqualTo(7000);
        assertThat(range.path("days")).hasSize(1);
    }

    @Test
    void aDayIsTheMaximumOverSourcesNotTheirSum() {
        var person = tokyoPerson();
        var device = pair(person);
        var date = LocalDate.now(clock.withZone(TOKYO)).minusDays(2);
        person.api().post("/api/v1/steps/sync", sync(day(date, 8000))).expect(200);
        var fromDevice = device.api()
                .post("/api/v1/device/steps/sync", sync(day(date, 6000)))
                .expect(200)
                .body();
        assertThat(fromDevice.path("source").asString()).isEqualTo(device.id().toString());
        person.api()
                .post("/api/v1/steps/sync", Map.of("source", "manual", "steps", List.of(day(date, 100))))
                .expect(200);

        var daily =
                person.api().get("/api/v1/steps/daily?date=" + date).expect(200).body();
        assertThat(daily.path("steps").asInt()).isEqualTo(8000);
        assertThat(daily.path("source").asString()).isEqualTo("app");
        assertThat(daily.path("sources")).hasSize(3);

        device.api().post("/api/v1/device/steps/sync", sync(day(date, 9000))).expect(200);
        daily = person.api().get("/api/v1/steps/daily?date=" + date).expect(200).body();
        assertThat(daily.path("steps").asInt()).isEqualTo(9000);
        assertThat(daily.path("source").asString()).isEqualTo(device.id().toString());
        assertThat(person.api()
                        .get("/api/v1/steps/range?from=" + date + "&to=" + date)
                        .expect(200)
                        .body()
                        .path("total_steps")
                        .asLong())
                .isEqualTo(9000);
        // nobody else sees them
        assertThat(register()
                        .api()
                        .get("/api/v1/steps/daily?date=" + date)
                        .expect(200)
                        .body()
                        .path("steps")
                        .asInt())
                .isZero();
    }

    @Test
    void implausibleDaysAreRejectedOneByOneAndTheOthersKept() {
        clock.pin(PINNED);
        var person = tokyoPerson();
        var today = LocalDate.now(clock.withZone(TOKYO));
        var badType = new HashMap<String, Object>();
        badType.put("date", today.minusDays(9).toString());
        badType.put("steps", "many");
        var badExtras = day(today.minusDays(8), 100);
        badExtras.put("active_minutes", 2000);
        badExtras.put("calories", -5);
        var r = person.api()
                .post(
                        "/api/v1/steps/sync",
                        sync(
                                day(today, 4000),
                                day(today.minusDays(1), -1),
                                day(today.minusDays(2), 200_001),
                                day(today.plusDays(1), 10),
                                day(LocalDate.of(1999, 12, 31), 10),
                                day(today, 5000),
                                badType,
                                badExtras,
                                day(today.minusDays(3), 200_000)))
                .expect(200)
                .body();
        assertThat(r.path("stored").asInt()).isEqualTo(2);
        assertThat(r.path("rejected").asInt()).isEqualTo(7);
        var statuses = new ArrayList<String>();
        var fields = new ArrayList<String>();
        r.path("results").forEach(item -> {
            statuses.add(item.path("status").asString());
            item.path("problem")
                    .path("errors")
                    .forEach(e -> fields.add(e.path("field").asString()));
        });
        assertThat(statuses)
                .containsExactly(
                        "stored",
                        "rejected",
                        "rejected",
                        "rejected",
                        "rejected",
                        "rejected",
                        "rejected",
                        "rejected",
                        "stored");
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "steps[1].steps",
                        "steps[2].steps",
                        "steps[3].date",
                        "steps[4].date",
                        "steps[5].date",
                        "steps[6].steps",
                        "steps[7].active_minutes",
                        "steps[7].calories");
        assertThat(person.api()
                        .get("/api/v1/steps/daily")
                        .expect(200)
                        .body()
                        .path("steps")
                        .asInt())
                .isEqualTo(4000);
        assertThat(person.api()
                        .get("/api/v1/steps/daily?date=" + today.minusDays(3))
                        .expect(200)
                        .body()
                        .path("steps")
                        .asInt())
                .isEqualTo(200_000);
    }

    @Test
    void rejectsEmptyOrOversizedSyncsAndBadRanges() {
        var person = register();
        assertThat(person.api()
                        .post("/api/v1/steps/sync", Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("steps");
        var many = new ArrayList<Object>();
        for (int i = 0; i < 367; i++) {
            many.add(day(LocalDate.of(2020, 1, 1).plusDays(i), 1));
        }
        assertThat(person.api()
                        .post("/api/v1/steps/sync", Map.of("steps", many))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("steps");
        var watch = person.api()
                .post(
                        "/api/v1/steps/sync",
                        Map.of("source", "watch", "steps", List.of(day(LocalDate.of(2020, 1, 1), 1))))
                .problem(422, "validation_failed");
        assertThat(watch.fields()).containsExactly("source");
        assertThat(watch.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of app, manual");
        assertThat(person.api()
                        .get("/api/v1/steps/range")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("from", "to");
        assertThat(person.api()
                        .get("/api/v1/steps/range?from=2024-02-01&to=2024-01-01")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("to");
        assertThat(person.api()
                        .get("/api/v1/steps/range?from=2023-01-01&to=2024-01-02")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("to");
        person.api().get("/api/v1/steps/range?from=2024-01-01&to=2024-12-31").expect(200);
        person.api().get("/api/v1/steps/daily?date=yesterday").problem(422, "validation_failed");
        person.api().get("/api/v1/steps/stats?daily_goal=0").problem(422, "validation_failed");
    }

    @Test
    void needsTheRightKindOfToken() {
        var person = register();
        var device = pair(person);
        var body = sync(day(LocalDate.of(2024, 1, 1), 1));
        api.anonymous().post("/api/v1/steps/sync", body).problem(401, "unauthorized");
        api.anonymous().post("/api/v1/device/steps/sync", body).problem(401, "unauthorized");
        device.api().post("/api/v1/steps/sync", body).problem(401, "invalid_token");
        person.api().post("/api/v1/device/steps/sync", body).problem(401, "invalid_token");
        device.api().get("/api/v1/steps/daily").problem(401, "invalid_token");
        api.anonymous().get("/api/v1/steps/stats").problem(401, "unauthorized");
    }

    @Test
    void aDeviceOfAnOrganizationHasNoStepsToSync() {
        var owner = register();
        var org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Sensors"))
                .expect(201)
                .id();
        String token = owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of("org_id", org.toString(), "name", "S1", "kind", "sensor", "hardware_id", "hw-steps"))
                .expect(201)
                .str("device_token");
        api.as(token)
                .post("/api/v1/device/steps/sync", sync(day(LocalDate.of(2024, 1, 1), 1)))
                .problem(403, "not_a_personal_device");
    }

    @Test
    void statsCountTheStreakBestDayAndPeriodsInMyTimeZone() {
        clock.pin(PINNED);
        var person = tokyoPerson();
        var today = LocalDate.now(clock.withZone(TOKYO));
        person.api()
                .post(
                        "/api/v1/steps/sync",
                        sync(
                                day(today.minusDays(1), 10_000),
                                day(today.minusDays(2), 15_000),
                                day(today.minusDays(3), 12_000),
                                day(today.minusDays(4), 5_000),
                                day(today.minusDays(5), 20_000),
                                day(today.minusDays(400), 150_000)))
                .expect(200);
        var stats = person.api().get("/api/v1/steps/stats").expect(200).body();
        assertThat(stats.path("timezone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(stats.path("today").asString()).isEqualTo(today.toString());
        assertThat(stats.path("daily_goal").asInt()).isEqualTo(10_000);
        // today has no steps yet, the streak is still alive from yesterday
        assertThat(stats.path("current_streak").asInt()).isEqualTo(3);
        assertThat(stats.path("best_day").path("steps").asInt()).isEqualTo(20_000);
        assertThat(stats.path("best_day").path("date").asString())
                .isEqualTo(today.minusDays(5).toString());
        var week = stats.path("week");
        long expectedWeek = 0;
        int daysInWeek = 0;
        var monday = today.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        int[] steps = {0, 10_000, 15_000, 12_000, 5_000, 20_000};
        for (int i = 1; i <= 5; i++) {
            if (!today.minusDays(i).isBefore(monday)) {
                expectedWeek += steps[i];
                daysInWeek++;
            }
        }
        assertThat(week.path("total_steps").asLong()).isEqualTo(expectedWeek);
        assertThat(week.path("days_with_data").asInt()).isEqualTo(daysInWeek);
        assertThat(week.path("start").asString()).isEqualTo(monday.toString());

        assertThat(person.api()
                        .get("/api/v1/steps/stats?daily_goal=4000")
                        .expect(200)
                        .body()
                        .path("current_streak")
                        .asInt())
                .isEqualTo(5);
        person.api().post("/api/v1/steps/sync", sync(day(today, 11_000))).expect(200);
        var withToday = person.api().get("/api/v1/steps/stats").expect(200).body();
        assertThat(withToday.path("current_streak").asInt()).isEqualTo(4);
        assertThat(withToday.path("today_steps").asInt()).isEqualTo(11_000);
    }
}
