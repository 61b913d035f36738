package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GoalApiTest extends ApiTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /**
     * A person in Tokyo, with "now" pinned to Wednesday 18 November 2026, noon in Tokyo: mid-week and
     * mid-day whatever the real date (pin before pairing devices only: pairing codes expire by the
     * database's clock).
     */
    private Person tokyoPerson() {
        clock.pin(java.time.Instant.parse("2026-11-18T03:00:00Z"));
        var person = register();
        person.api().patch("/api/v1/me", Map.of("timezone", "Asia/Tokyo")).expect(200);
        return person;
    }

    /** An activity at a local time in Tokyo. */
    private static Map<String, Object> activity(String type, LocalDate day, LocalTime at, int seconds, double meters) {
        var a = new HashMap<String, Object>();
        a.put("type", type);
        a.put("started_at", day.atTime(at).atZone(TOKYO).toInstant().toString());
        a.put("duration_seconds", seconds);
        a.put("distance_meters", meters);
        return a;
    }

    private static Map<String, Object> goal(Object... keyValues) {
        var g = new HashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            g.put((String) keyValues[i], keyValues[i + 1]);
        }
        return g;
    }

    @Test
    void dailyStepGoalReportsTodayAndEarlierDaysInMyTimeZone() {
        var person = tokyoPerson();
        var today = LocalDate.now(clock.withZone(TOKYO));
        person.api()
                .post(
                        "/api/v1/steps/sync",
                        Map.of(
                                "steps",
                                List.of(
                                        Map.of("date", today.toString(), "steps", 3000),
                                        Map.of("date", today.minusDays(1).toString(), "steps", 12_000))))
                .expect(200);
        var created = person.api()
                .post(
                        "/api/v1/goals",
                        goal(
                                "title",
                                "10k a day",
                                "period",
                                "daily",
                                "metric",
                                "steps",
                                "target",
                                10_000,
                                "start_date",
                                today.minusDays(2).toString()))
                .expect(201);
        assertThat(created.body().path("active").asBoolean()).isTrue();
        var progress = created.body().path("progress");
        assertThat(progress.path("start").asString()).isEqualTo(today.toString());
        assertThat(progress.path("value").asDouble()).isEqualTo(3000);
        assertThat(progress.path("percent").asDouble()).isEqualTo(30.0);
        assertThat(progress.path("met").asBoolean()).isFalse();

        var history = person.api()
                .get("/api/v1/goals/" + created.id() + "?periods=8")
                .expect(200)
                .body()
                .path("history");
        assertThat(history).hasSize(3); // never before start_date
        assertThat(history.get(1).path("start").asString())
                .isEqualTo(today.minusDays(1).toString());
        assertThat(history.get(1).path("value").asDouble()).isEqualTo(12_000);
        assertThat(history.get(1).path("met").asBoolean()).isTrue();
        assertThat(history.get(2).path("value").asDouble()).isZero();
    }

    @Test
    void dailyDurationGoalCountsAnActivityOnItsTokyoDay() {
        var person = tokyoPerson();
        var yesterday = LocalDate.now(clock.withZone(TOKYO)).minusDays(1);
        // 08:00 in Tokyo is still the day before in UTC
        person.api()
                .post("/api/v1/activities", activity("walk", yesterday, LocalTime.of(8, 0), 1800, 2000))
                .expect(201);
        UUID id = person.api()
                .post(
                        "/api/v1/goals",
                        goal(
                                "period",
                                "daily",
                                "metric",
                                "duration",
                                "target",
                                1800,
                                "start_date",
                                yesterday.minusDays(1).toString()))
                .expect(201)
                .id();
        var history = person.api().get("/api/v1/goals/" + id).expect(200).body().path("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(1).path("start").asString()).isEqualTo(yesterday.toString());
        assertThat(history.get(1).path("value").asDouble()).isEqualTo(1800);
        assertThat(history.get(1).path("met").asBoolean()).isTrue();
        assertThat(history.get(2).path("value").asDouble()).isZero();
    }

    @Test
    void weeklyDistanceGoalSumsMondayToSundayAndFiltersByType() {
        // the activities start early on this week's Monday, in the past on the pinned Wednesday
        var person = tokyoPerson();
        var today = LocalDate.now(clock.withZone(TOKYO));
        var monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        var lastWeek = monday.minusDays(3);
        person.api()
                .post("/api/v1/activities", activity("run", monday, LocalTime.of(0, 30), 1800, 5000))
                .expect(201);
        person.api()
                .post("/api/v1/activities", activity("walk", monday, LocalTime.of(1, 0), 1800, 3000))
                .expect(201);
        person.api()
                .post("/api/v1/activities", activity("run", lastWeek, LocalTime.of(7, 0), 3600, 10_000))
                .expect(201);
        var body = goal(
                "period",
                "weekly",
                "metric",
                "distance",
                "target",
                10_000,
                "activity_type",
                "run",
                "start_date",
                monday.minusWeeks(4).toString());
        var created = person.api().post("/api/v1/goals", body).expect(201).body();
        var progress = created.path("progress");
        assertThat(progress.path("start").asString()).isEqualTo(monday.toString());
        assertThat(progress.path("end").asString()).isEqualTo(monday.plusDays(6).toString());
        assertThat(progress.path("value").asDouble()).isEqualTo(5000);
        assertThat(progress.path("percent").asDouble()).isEqualTo(50.0);
        var history = created.path("history");
        assertThat(history).hasSize(5);
        assertThat(history.get(1).path("value").asDouble()).isEqualTo(10_000);
        assertThat(history.get(1).path("met").asBoolean()).isTrue();

        body.remove("activity_type");
        var all = person.api().post("/api/v1/goals", body).expect(201).body();
        assertThat(all.path("progress").path("value").asDouble()).isEqualTo(8000);
    }

    @Test
    void customGoalHasOnePeriodFromStartToEnd() {
        var person = tokyoPerson();
        var today = LocalDate.now(clock.withZone(TOKYO));
        var day = today.minusDays(2);
        person.api()
                .post("/api/v1/activities", activity("walk", day, LocalTime.of(9, 0), 600, 1000))
                .expect(201);
        person.api()
                .post("/api/v1/activities", activity("walk", day, LocalTime.of(18, 0), 600, 1000))
                .expect(201);
        person.api()
                .post("/api/v1/activities", activity("ride", day, LocalTime.of(12, 0), 600, 5000))
                .expect(201);
        // before the goal starts: not counted
        person.api()
                .post("/api/v1/activities", activity("walk", today.minusDays(5), LocalTime.of(9, 0), 600, 1000))
                .expect(201);
        var created = person.api()
                .post(
                        "/api/v1/goals",
                        goal(
                                "period",
                                "custom",
                                "metric",
                                "activity_count",
                                "target",
                                2,
                                "activity_type",
                                "walk",
                                "start_date",
                                today.minusDays(3).toString(),
                                "end_date",
                                today.plusDays(10).toString()))
                .expect(201)
                .body();
        var progress = created.path("progress");
        assertThat(progress.path("start").asString())
                .isEqualTo(today.minusDays(3).toString());
        assertThat(progress.path("end").asString()).isEqualTo(today.plusDays(10).toString());
        assertThat(progress.path("value").asDouble()).isEqualTo(2);
        assertThat(progress.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(progress.path("met").asBoolean()).isTrue();
        assertThat(created.path("history")).hasSize(1);
    }

    @Test
    void rejectsBadGoalsNamingFields() {
        var person = register();
        assertThat(person.api()
                        .post("/api/v1/goals", goal("target", 0))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("period", "metric", "target");
        rejectsValue(
                person.api().post("/api/v1/goals", goal("period", "yearly", "metric", "steps", "target", 5)),
                "period",
                "daily, weekly, monthly, custom");
        rejectsValue(
                person.api().post("/api/v1/goals", goal("period", "daily", "metric", "calories", "target", 5)),
                "metric",
                "steps, distance, duration, activity_count");
        assertThat(person.api()
                        .post(
                                "/api/v1/goals",
                                goal("period", "custom", "metric", "steps", "target", 5, "activity_type", "run"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("end_date", "activity_type");
        assertThat(person.api()
                        .post(
                                "/api/v1/goals",
                                goal(
                                        "period",
                                        "weekly",
                                        "metric",
                                        "distance",
                                        "activity_type",
                                        "run",
                                        "start_date",
                                        "2024-05-01",
                                        "end_date",
                                        "2024-04-01"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("target", "end_date");
        rejectsValue(
                person.api()
                        .post(
                                "/api/v1/goals",
                                goal(
                                        "period",
                                        "weekly",
                                        "metric",
                                        "distance",
                                        "target",
                                        5,
                                        "activity_type",
                                        "teleport")),
                "activity_type",
                "run, walk, hike, ride, workout, swim, multisport, other");
        person.api()
                .post("/api/v1/goals", goal("period", "daily", "metric", "steps", "target", "lots"))
                .expect(400);
        UUID id = person.api()
                .post("/api/v1/goals", goal("period", "daily", "metric", "steps", "target", 100))
                .expect(201)
                .id();
        assertThat(person.api()
                        .patch("/api/v1/goals/" + id, Map.of("target", -1, "end_date", "2001-01-01"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("target", "end_date");
        assertThat(person.api()
                        .get("/api/v1/goals/" + id + "?periods=53")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("periods");
    }

    @Test
    void listsPagesEditsAndDeletesMyGoalsOnly() {
        var person = register();
        var other = register();
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < 3; i++) {
            ids.add(person.api()
                    .post("/api/v1/goals", goal("period", "monthly", "metric", "activity_count", "target", 4 + i))
                    .expect(201)
                    .id());
        }
        var first = person.api().get("/api/v1/goals?limit=2").expect(200).body();
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items").get(0).path("history").isNull()).isTrue();
        assertThat(first.path("items").get(0).path("progress").path("target").asDouble())
                .isEqualTo(6);
        var second = person.api()
                .get("/api/v1/goals?limit=2&cursor=" + first.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("next_cursor").isNull()).isTrue();

        var changed = person.api()
                .patch("/api/v1/goals/" + ids.get(0), Map.of("active", false, "target", 9, "title", "Nine"))
                .expect(200)
                .body();
        assertThat(changed.path("active").asBoolean()).isFalse();
        assertThat(changed.path("target").asDouble()).isEqualTo(9);
        assertThat(changed.path("title").asString()).isEqualTo("Nine");
        assertThat(person.api()
                        .get("/api/v1/goals?active=true")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(2);

        assertThat(other.api().get("/api/v1/goals").expect(200).body().path("items"))
                .isEmpty();
        other.api().get("/api/v1/goals/" + ids.get(0)).problem(404, "not_found");
        other.api().patch("/api/v1/goals/" + ids.get(0), Map.of("target", 1)).problem(404, "not_found");
        other.api().delete("/api/v1/goals/" + ids.get(0)).problem(404, "not_found");
        person.api().delete("/api/v1/goals/" + ids.get(0)).expect(204);
        person.api().get("/api/v1/goals/" + ids.get(0)).problem(404, "not_found");
        person.api().get("/api/v1/goals/" + UUID.randomUUID()).problem(404, "not_found");
    }

    @Test
    void needsAUserToken() {
        var person = register();
        var device = pair(person);
        api.anonymous().get("/api/v1/goals").problem(401, "unauthorized");
        device.api().get("/api/v1/goals").problem(401, "invalid_token");
        device.api()
                .post("/api/v1/goals", goal("period", "daily", "metric", "steps", "target", 1))
                .problem(401, "invalid_token");
    }

    /** A 422 naming only {@code field}, whose message lists the wire values. */
    private static void rejectsValue(io.strideline.Api.Response answer, String field, String values) {
        answer.problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly(field);
        assertThat(answer.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of " + values);
    }
}
