package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class XpAndBadgeApiTest extends GamificationTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BadgeService badgeService;

    /**
     * Yesterday at noon UTC minus some hours: never before 7:00 (the early-bird badge) and never in
     * the future, whatever time the tests run.
     */
    private Instant hoursAgo(int hours) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).minus(12 + hours, ChronoUnit.HOURS);
    }

    @Test
    void xpComesFromTheFormulaAndXpTheClientSendsIsRefused() {
        var ann = register();
        var run = activity("run", hoursAgo(3), 1800, 5000);
        run.put("xp", 100_000);
        run.put("xp_earned", 100_000);
        var refused = ann.api().post("/api/v1/activities", run).expect(422).body();
        assertThat(refused.path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("xp", "xp_earned");
        assertThat(ledger(ann, "activity")).isEmpty();
        run.remove("xp");
        run.remove("xp_earned");
        UUID id = ann.api().post("/api/v1/activities", run).expect(201).id();
        var entries = ledger(ann, "activity");
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().path("source_key").asString()).isEqualTo(id.toString());
        // 5 km × 10 XP per km for a run
        assertThat(entries.getFirst().path("earned_xp").asInt()).isEqualTo(50);
        assertThat(entries.getFirst().path("xp").asInt()).isEqualTo(50);
        // badges first_activity (20) and run_5k (30) are credited through the ledger too
        assertThat(ledger(ann, "badge"))
                .extracting(e -> e.path("source_key").asString())
                .containsExactlyInAnyOrder("first_activity", "run_5k");
        var progress = progress(ann);
        assertThat(progress.path("xp").asLong()).isEqualTo(100);
        assertThat(progress.path("level").asInt()).isEqualTo(2);
        assertThat(progress.path("level_floor_xp").asLong()).isEqualTo(100);
        assertThat(progress.path("next_level_xp").asLong()).isEqualTo(300);
        assertThat(progress.path("daily_cap").asInt()).isEqualTo(1000);
    }

    @Test
    void theSameDistanceDoneSlowerNeverEarnsMoreAndInhumanSpeedEarnsNothing() {
        var ann = register();
        log(ann, "run", hoursAgo(10), 2400, 8000);
        log(ann, "run", hoursAgo(6), 4800, 8000);
        // 28.8 km/h by hand is refused by the rule XP flags by (imported files: FlaggedDataApiTest)
        ann.api()
                .post("/api/v1/activities", activity("run", hoursAgo(3), 1000, 8000))
                .problem(422, "validation_failed");
        var earned = ledger(ann, "activity");
        assertThat(earned).extracting(e -> e.path("flagged").asBoolean()).containsExactly(false, false);
        assertThat(earned).extracting(e -> e.path("earned_xp").asInt()).containsExactly(80, 80);
    }

    @Test
    void theDailyCapIsAllocatedInTheOrderThingsHappenedAndDeletingReallocatesIt() {
        var ann = register();
        var day = clock.instant().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        UUID first = log(ann, "run", day.plus(Duration.ofHours(6)), 4 * 3600, 42195);
        UUID second = log(ann, "run", day.plus(Duration.ofHours(11)), 4 * 3600, 42195);
        UUID third = log(ann, "run", day.plus(Duration.ofHours(16)), 4 * 3600, 42195);
        assertThat(credited(ann)).containsExactly(Map.entry(first, 421), Map.entry(second, 421), Map.entry(third, 158));
        long before = progress(ann).path("xp").asLong();
        ann.api().delete("/api/v1/activities/" + first).expect(204);
        assertThat(credited(ann)).containsExactly(Map.entry(second, 421), Map.entry(third, 421));
        // the total moves by exactly what the day changed: 1000 credited before, 842 now
        assertThat(progress(ann).path("xp").asLong()).isEqualTo(before - 158);
        // a back-dated upload counts on its own day
        assertThat(ledger(ann, "activity"))
                .allSatisfy(e -> assertThat(e.path("local_date").asString())
                        .isEqualTo(day.atOffset(ZoneOffset.UTC).toLocalDate().toString()));
    }

    /** Activity id to credited XP, oldest first. */
    private List<Map.Entry<UUID, Integer>> credited(Person p) {
        var out = new ArrayList<Map.Entry<UUID, Integer>>();
        for (var e : ledger(p, "activity").reversed()) {
            out.add(Map.entry(
                    UUID.fromString(e.path("source_key").asString()),
                    e.path("xp").asInt()));
        }
        return out;
    }

    @Test
    void anImportedDeviceFileEarnsByTheDistanceAndClimbTheDeviceRecorded() throws Exception {
        var ann = register();
        byte[] fit;
        try (var in = getClass().getResourceAsStream("/real-activities/activity-small-fenix2-run.fit")) {
            fit = in.readAllBytes();
        }
        var imported = ann.api().upload("/api/v1/activities/import", "run.fit", fit, Map.of());
        assertThat(imported.status()).isIn(200, 201);
        var activity =
                ann.api().get("/api/v1/activities/" + imported.id()).expect(200).body();
        // the fenix 2 recorded 9,008 m and 64 m of climb (reference.json)
        double km = activity.path("distance_meters").asDouble() / 1000;
        double climb = activity.path("elevation_gain_meters").asDouble();
        assertThat(km).isBetween(8.9, 9.1);
        var entry = ledger(ann, "activity").getFirst();
        assertThat(entry.path("source_key").asString()).isEqualTo(imported.id().toString());
        assertThat(entry.path("earned_xp").asInt()).isEqualTo((int) Math.floor(km * 10 + climb * 0.1));
        assertThat(entry.path("local_date").asString())
                .isEqualTo(activity.path("started_at").asString().substring(0, 10));
    }

    @Test
    void anEditThatMovesNoNumbersChangesNoXp() {
        var ann = register();
        UUID run = log(ann, "run", hoursAgo(5), 1800, 5000);
        long before = progress(ann).path("xp").asLong();
        ann.api()
                .patch("/api/v1/activities/" + run, Map.of("title", "Renamed", "visibility", "friends"))
                .expect(200);
        assertThat(progress(ann).path("xp").asLong()).isEqualTo(before);
        assertThat(ledger(ann, "activity"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("xp").asInt()).isEqualTo(50));
    }

    @Test
    void stepsEarnPerThousandAndASyncAgainReplacesTheDay() {
        var ann = register();
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        steps(ann, today, 12_345);
        assertThat(ledger(ann, "steps")).extracting(e -> e.path("xp").asInt()).containsExactly(12);
        steps(ann, today, 8_000);
        // the day's top source stays 12,345: still 12; another day adds its own
        steps(ann, today.minusDays(1), 150_000);
        var days = ledger(ann, "steps");
        assertThat(days).hasSize(2);
        assertThat(days.stream().filter(d -> d.path("flagged").asBoolean()))
                .singleElement()
                .satisfies(d -> assertThat(d.path("xp").asInt()).isZero());
        assertThat(ledger(ann, "badge"))
                .extracting(e -> e.path("source_key").asString())
                .contains("steps_10k_day");
    }

    @Test
    void aLevelReachedIsAnnouncedOnceEvenWhenLostAndReachedAgain() {
        var ann = register();
        UUID run = log(ann, "run", hoursAgo(5), 3600, 12_000); // 120 + badges 20 + 30 + 50
        assertThat(progress(ann).path("level").asInt()).isEqualTo(2);
        awaitNotifications(ann, "level_up", n -> n.size() == 1);
        ann.api().delete("/api/v1/activities/" + run).expect(204);
        assertThat(progress(ann).path("xp").asLong()).isEqualTo(100); // the badges stay
        log(ann, "run", hoursAgo(4), 3600, 12_000);
        awaitNotifications(ann, "badge_earned", n -> n.size() == 3);
        assertThat(notifications(ann, "level_up")).hasSize(1);
    }

    @Test
    void aBadgeIsEarnedOnceUnderConcurrentDeviceUploads() throws Exception {
        var ann = register();
        var device = pair(ann);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 8; i++) {
                var start = hoursAgo(20 - i);
                calls.add(() -> device.api()
                        .post("/api/v1/device/runs", run(UUID.randomUUID(), start))
                        .status());
            }
            for (var f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ledger(ann, "badge"))
                .extracting(e -> e.path("source_key").asString())
                .containsExactlyInAnyOrder("first_activity", "run_5k");
        var catalogue = ann.api().get("/api/v1/badges").expect(200).body();
        assertThat(catalogue.size()).isGreaterThanOrEqualTo(20);
        var first = find(catalogue, "first_activity");
        assertThat(first.path("earned").asBoolean()).isTrue();
        assertThat(first.path("progress").path("percent").asDouble()).isEqualTo(100.0);
        var ten = find(catalogue, "activities_10");
        assertThat(ten.path("earned").asBoolean()).isFalse();
        assertThat(ten.path("progress").path("value").asDouble()).isEqualTo(8.0);
        assertThat(ten.path("progress").path("percent").asDouble()).isEqualTo(80.0);
        assertThat(ann.api().get("/api/v1/me/badges").expect(200).body()).hasSize(2);
        awaitNotifications(ann, "badge_earned", n -> n.size() == 2);
    }

    private static tools.jackson.databind.JsonNode find(tools.jackson.databind.JsonNode list, String code) {
        for (var b : list) {
            if (b.path("code").asString().equals(code)) {
                return b;
            }
        }
        throw new AssertionError("no badge " + code);
    }

    @Test
    void aBadgeAddedLaterGoesToEveryoneWhoAlreadyQualifies() {
        var ann = register();
        var bob = register();
        UUID walk = log(ann, "walk", hoursAgo(5), 3600, 5000);
        log(bob, "ride", hoursAgo(5), 3600, 20_000);
        String code = "walker_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("""
                        insert into badges (code, name, description, criterion, threshold, activity_types, xp_reward,
                            position)
                        values (?, 'Walker', 'Walk 3 km in one go.', 'single_distance', 3000, '{walk}', 15, 100)
                        """).param(code).update();
        try {
            badgeService.awardNewBadges();
            assertThat(ann.api().get("/api/v1/me/badges").expect(200).body())
                    .anySatisfy(b -> assertThat(b.path("code").asString()).isEqualTo(code));
            assertThat(ledger(ann, "badge"))
                    .anySatisfy(e -> assertThat(e.path("xp").asInt()).isEqualTo(15));
            assertThat(bob.api().get("/api/v1/me/badges").expect(200).body())
                    .noneSatisfy(b -> assertThat(b.path("code").asString()).isEqualTo(code));
            // deleting what earned it does not take it back
            ann.api().delete("/api/v1/activities/" + walk).expect(204);
            assertThat(ann.api().get("/api/v1/me/badges").expect(200).body())
                    .anySatisfy(b -> assertThat(b.path("code").asString()).isEqualTo(code));
        } finally {
            // the catalogue is shared by every test: leave it as the migration made it
            jdbc.sql("delete from user_badges where badge_code = ?").param(code).update();
            jdbc.sql("delete from badges where code = ?").param(code).update();
        }
    }

    @Test
    void someoneElsesBadgesShowAsTheirProfileAllows() {
        var ann = register();
        var bob = register();
        log(ann, "run", hoursAgo(5), 1800, 5000);
        assertThat(bob.api()
                        .get("/api/v1/users/" + ann.id() + "/badges")
                        .expect(200)
                        .body())
                .hasSize(2);
        ann.api().patch("/api/v1/me", Map.of("profile_visibility", "private")).expect(200);
        bob.api().get("/api/v1/users/" + ann.id() + "/badges").problem(404, "not_found");
        bob.api().get("/api/v1/users/" + UUID.randomUUID() + "/badges").problem(404, "not_found");
        ann.api().get("/api/v1/users/" + ann.id() + "/badges").expect(200);
    }

    @Test
    void progressNeedsAUserToken() {
        var ann = register();
        var device = pair(ann);
        api.anonymous().get("/api/v1/me/progress").expect(401);
        device.api().get("/api/v1/me/progress").problem(401, "invalid_token");
        device.api().get("/api/v1/badges").problem(401, "invalid_token");
        device.api().get("/api/v1/me/progress/ledger").problem(401, "invalid_token");
        device.api().get("/api/v1/me/badges").problem(401, "invalid_token");
        device.api().get("/api/v1/users/" + ann.id() + "/badges").problem(401, "invalid_token");
        api.anonymous().get("/api/v1/badges").expect(401);
        api.anonymous().get("/api/v1/me/badges").expect(401);
        api.anonymous().get("/api/v1/users/" + ann.id() + "/badges").expect(401);
        assertThat(ann.api()
                        .get("/api/v1/users/not-a-uuid/badges")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("user_id");
        api.anonymous().get("/api/v1/me/progress/ledger").expect(401);
        ann.api().get("/api/v1/me/progress/ledger?limit=0").problem(422, "validation_failed");
        ann.api().get("/api/v1/me/progress/ledger?cursor=nonsense").problem(422, "validation_failed");
    }

    @Test
    void theLedgerIsPaged() {
        var ann = register();
        for (int i = 0; i < 3; i++) {
            log(ann, "walk", hoursAgo(10 - i), 1800, 2000);
        }
        var page =
                ann.api().get("/api/v1/me/progress/ledger?limit=2").expect(200).body();
        assertThat(page.path("items")).hasSize(2);
        var next = ann.api()
                .get("/api/v1/me/progress/ledger?limit=2&cursor="
                        + page.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(next.path("items").size()).isGreaterThanOrEqualTo(2); // the third walk and the badge
    }

    @Test
    void statsCountActivityStreaks() {
        var ann = register();
        var now = clock.instant();
        for (int d : new int[] {0, 1, 2, 5, 6, 7, 8}) {
            log(ann, "walk", now.minus(d, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS), 1200, 1500);
        }
        var streaks = ann.api().get("/api/v1/stats").expect(200).body().path("streaks");
        assertThat(streaks.path("current_days").asInt()).isEqualTo(3);
        assertThat(streaks.path("longest_days").asInt()).isEqualTo(4);
    }
}
