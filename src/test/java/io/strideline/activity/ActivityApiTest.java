package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActivityApiTest extends ApiTest {

    private Instant now;

    @org.junit.jupiter.api.BeforeEach
    void now() {
        now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A Friday, so that "the last 52 weeks" and "the last 60 months" hold the dates below whatever today is. */
    private static final Instant PINNED = Instant.parse("2026-11-20T12:00:00Z");

    @Test
    void historyIsNewestFirstAndPagesWithCursor() {
        var runner = register();
        var device = pair(runner);
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < 5; i++) {
            ids.add(device.api()
                    .post("/api/v1/device/runs", run(UUID.randomUUID(), now.minus(i + 1, ChronoUnit.DAYS)))
                    .expect(201)
                    .id());
        }
        var seen = new ArrayList<UUID>();
        String cursor = null;
        do {
            var page = runner.api()
                    .get("/api/v1/activities?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .body();
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            page.path("items")
                    .forEach(a -> seen.add(UUID.fromString(a.path("id").asString())));
            cursor = page.path("next_cursor").isNull()
                    ? null
                    : page.path("next_cursor").asString();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void historyFiltersByTypeAndTimeRange() {
        var runner = register();
        var device = pair(runner);
        device.api().post("/api/v1/device/runs", run(UUID.randomUUID(), now.minus(10, ChronoUnit.DAYS)));
        UUID recent = device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), now.minus(2, ChronoUnit.DAYS)))
                .expect(201)
                .id();
        var from = now.minus(3, ChronoUnit.DAYS);
        var page = runner.api()
                .get("/api/v1/activities?type=run&from=" + from + "&to=" + now)
                .expect(200)
                .body();
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(recent.toString());
        assertThat(runner.api()
                        .get("/api/v1/activities?type=walk")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void historyRejectsBadFiltersAndPaging() {
        var runner = register();
        rejectsValue(
                runner.api().get("/api/v1/activities?type=teleport"),
                "type",
                "run, walk, hike, ride, workout, swim, multisport, other");
        rejectsValue(
                runner.api().get("/api/v1/activities/" + UUID.randomUUID() + "?include=everything"),
                "include",
                "streams");
        assertThat(runner.api()
                        .get("/api/v1/activities?limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        assertThat(runner.api()
                        .get("/api/v1/activities?limit=201")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        assertThat(runner.api()
                        .get("/api/v1/activities?cursor=nonsense")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("cursor");
        assertThat(runner.api()
                        .get("/api/v1/activities?from=yesterday")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("from");
        assertThat(runner.api()
                        .get("/api/v1/activities?from=" + now + "&to=" + now.minusSeconds(1))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("to");
    }

    @Test
    void ownerEditsAndDeletesAnActivityAndStatsFollow() {
        var runner = register();
        var device = pair(runner);
        UUID id = device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), now.minus(1, ChronoUnit.DAYS)))
                .expect(201)
                .id();

        var edited = runner.api()
                .patch("/api/v1/activities/" + id, Map.of("title", "Sunrise 5k", "notes", "felt great"))
                .expect(200);
        assertThat(edited.str("title")).isEqualTo("Sunrise 5k");
        assertThat(edited.str("notes")).isEqualTo("felt great");
        assertThat(runner.api()
                        .patch("/api/v1/activities/" + id, Map.of("title", "x".repeat(201)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("title");

        runner.api().delete("/api/v1/activities/" + id).expect(204);
        runner.api().get("/api/v1/activities/" + id).problem(404, "not_found");
        var stats = runner.api().get("/api/v1/stats").expect(200).body();
        assertThat(stats.path("totals").path("activities").asLong()).isZero();
        assertThat(stats.path("weekly")).isEmpty();
        assertThat(stats.path("personal_bests").path("longest_run").isNull()).isTrue();
    }

    @Test
    void racingDeletesOfOneActivitySubtractItOnce() throws Exception {
        var runner = register();
        var device = pair(runner);
        Instant day = now.minus(1, ChronoUnit.DAYS);
        UUID doomed = device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), day))
                .expect(201)
                .id();
        device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), day.plusSeconds(3600)))
                .expect(201);

        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var answers = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() ->
                        runner.api().delete("/api/v1/activities/" + doomed).status()));
            }
            var statuses = new ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnlyOnce(204).containsOnly(204, 404);
        }
        var stats = runner.api().get("/api/v1/stats").expect(200).body();
        assertThat(stats.path("totals").path("activities").asLong()).isEqualTo(1);
    }

    @Test
    void extremeTimesInFiltersAndCursorsAreRefused() {
        var runner = register();
        assertThat(runner.api()
                        .get("/api/v1/activities?from=%2B1000000000-12-31T23:59:59Z")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("from");
        String farCursor = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("9999999999999.0." + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(runner.api()
                        .get("/api/v1/activities?cursor=" + farCursor)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("cursor");
    }

    @Test
    void anotherPersonsActivityIsNotFoundForEveryVerb() {
        var owner = register();
        var stranger = register();
        UUID id = pair(owner)
                .api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), now.minus(1, ChronoUnit.DAYS)))
                .expect(201)
                .id();
        stranger.api().get("/api/v1/activities/" + id).problem(404, "not_found");
        stranger.api()
                .patch("/api/v1/activities/" + id, Map.of("title", "mine now"))
                .problem(404, "not_found");
        stranger.api().delete("/api/v1/activities/" + id).problem(404, "not_found");
        assertThat(owner.api().get("/api/v1/activities/" + id).expect(200).str("title"))
                .isEqualTo("Morning run");
        owner.api().get("/api/v1/activities/" + UUID.randomUUID()).problem(404, "not_found");
        owner.api().get("/api/v1/activities/not-a-uuid").problem(422, "validation_failed");
    }

    @Test
    void activitiesAndStatsNeedAUserToken() {
        var device = pair(register());
        api.get("/api/v1/activities").problem(401, "unauthorized");
        api.get("/api/v1/stats").problem(401, "unauthorized");
        device.api().get("/api/v1/activities").problem(401, "invalid_token");
        device.api().get("/api/v1/stats").problem(401, "invalid_token");
    }

    @Test
    void statsBucketDaysInThePersonsTimeZoneAndFollowAZoneChange() {
        var runner = register();
        var device = pair(runner);
        clock.pin(PINNED);
        // 23:30 UTC on a Sunday is already Monday in Tokyo: another ISO week there
        Instant lateSunday = Instant.parse("2026-11-15T23:30:00Z");
        var body = run(UUID.randomUUID(), lateSunday);
        device.api().post("/api/v1/device/runs", body).expect(201);

        var utc = runner.api().get("/api/v1/stats?weeks=52").expect(200).body();
        assertThat(utc.path("timezone").asString()).isEqualTo("UTC");
        assertThat(utc.path("weekly").get(0).path("period_start").asString()).isEqualTo("2026-11-09");

        runner.api().patch("/api/v1/me", Map.of("timezone", "Asia/Tokyo")).expect(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var tokyo = runner.api().get("/api/v1/stats?weeks=52").expect(200).body();
            assertThat(tokyo.path("timezone").asString()).isEqualTo("Asia/Tokyo");
            assertThat(tokyo.path("weekly").get(0).path("period_start").asString())
                    .isEqualTo("2026-11-16");
        });
    }

    @Test
    void monthlyBucketsAndTotalsFollowAZoneChangeAcrossAMonthBoundary() {
        var runner = register();
        var device = pair(runner);
        clock.pin(PINNED);
        // 23:30 UTC on 31 October is already 1 November in Tokyo: another month there
        device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), Instant.parse("2026-10-31T23:30:00Z")))
                .expect(201);

        var utc = runner.api().get("/api/v1/stats?months=60").expect(200).body();
        assertThat(utc.path("monthly")).hasSize(1);
        assertThat(utc.path("monthly").get(0).path("period_start").asString()).isEqualTo("2026-10-01");

        runner.api().patch("/api/v1/me", Map.of("timezone", "Asia/Tokyo")).expect(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var tokyo = runner.api().get("/api/v1/stats?months=60").expect(200).body();
            assertThat(tokyo.path("monthly")).hasSize(1);
            assertThat(tokyo.path("monthly").get(0).path("period_start").asString())
                    .isEqualTo("2026-11-01");
            assertThat(tokyo.path("monthly")
                            .get(0)
                            .path("totals")
                            .path("activities")
                            .asLong())
                    .isEqualTo(1);
            assertThat(tokyo.path("totals").path("activities").asLong()).isEqualTo(1);
            assertThat(tokyo.path("yearly")
                            .get(0)
                            .path("totals")
                            .path("distance_meters")
                            .asDouble())
                    .isEqualTo(tokyo.path("totals").path("distance_meters").asDouble());
        });
    }

    @Test
    void statsSumRunsAndKeepPersonalBests() {
        var runner = register();
        var device = pair(runner);
        var slowLong = run(UUID.randomUUID(), now.minus(3, ChronoUnit.DAYS));
        slowLong.put("distance_meters", 6_000.0);
        slowLong.put("duration_seconds", 1800);
        var fastShort = run(UUID.randomUUID(), now.minus(2, ChronoUnit.DAYS));
        fastShort.put("distance_meters", 1_500.0);
        fastShort.put("duration_seconds", 300);
        fastShort.put("ai_metrics", Map.of("lane_keeping_accuracy", 0.5, "obstacles_detected", 1));
        var tooShort = run(UUID.randomUUID(), now.minus(1, ChronoUnit.DAYS));
        tooShort.put("distance_meters", 900.0);
        tooShort.put("duration_seconds", 120);
        UUID longest =
                device.api().post("/api/v1/device/runs", slowLong).expect(201).id();
        UUID fastest =
                device.api().post("/api/v1/device/runs", fastShort).expect(201).id();
        device.api().post("/api/v1/device/runs", tooShort).expect(201);

        var stats = runner.api().get("/api/v1/stats").expect(200).body();
        var totals = stats.path("totals");
        assertThat(totals.path("activities").asLong()).isEqualTo(3);
        assertThat(totals.path("distance_meters").asDouble()).isEqualTo(8_400.0);
        assertThat(totals.path("duration_seconds").asLong()).isEqualTo(2220);
        assertThat(totals.path("obstacles_detected").asLong()).isEqualTo(4 + 1 + 4);
        assertThat(totals.path("mean_lane_keeping_accuracy").asDouble())
                .isCloseTo((0.9 + 0.5 + 0.9) / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.path("personal_bests")
                        .path("longest_run")
                        .path("activity_id")
                        .asString())
                .isEqualTo(longest.toString());
        assertThat(stats.path("personal_bests")
                        .path("fastest_pace")
                        .path("activity_id")
                        .asString())
                .as("the 900 m run is faster but shorter than 1 km")
                .isEqualTo(fastest.toString());
        int monthlyCount = 0;
        for (var bucket : stats.path("monthly")) {
            monthlyCount += bucket.path("totals").path("activities").asInt();
        }
        assertThat(monthlyCount).isEqualTo(3);
        assertThat(stats.path("yearly")).isNotEmpty();
    }

    @Test
    void statsRejectBadParameters() {
        var runner = register();
        assertThat(runner.api()
                        .get("/api/v1/stats?weeks=0&months=61&years=51&type=run")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("weeks", "months", "years");
        // an unknown type is refused before the numbers are looked at
        rejectsValue(
                runner.api().get("/api/v1/stats?weeks=0&type=teleport"),
                "type",
                "run, walk, hike, ride, workout, swim, multisport, other");
        assertThat(runner.api()
                        .get("/api/v1/stats?weeks=many")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("weeks");
    }

    /** A 422 naming only {@code field}, whose message lists the wire values. */
    private static void rejectsValue(io.strideline.Api.Response answer, String field, String values) {
        answer.problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly(field);
        assertThat(answer.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of " + values);
    }
}
