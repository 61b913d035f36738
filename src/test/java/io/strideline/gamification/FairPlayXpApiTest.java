package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fair play of XP (issue 25 §3): back-dated data cannot multiply the daily cap, and the same
 * effort sent twice earns once. Such data is still stored and shown to its owner.
 */
class FairPlayXpApiTest extends GamificationTestBase {

    private LocalDate day;

    @BeforeEach
    void noonOfTomorrow() {
        // challenges start today at the earliest, and "days ago" must not cross midnight
        day = LocalDate.now(clock).plusDays(1);
        clock.pin(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    private static long sumXp(List<JsonNode> entries) {
        return entries.stream().mapToLong(e -> e.path("xp").asLong()).sum();
    }

    private JsonNode entryOf(Person p, UUID activity) {
        return ledger(p, "activity").stream()
                .filter(e -> e.path("source_key").asString().equals(activity.toString()))
                .findFirst()
                .orElseThrow();
    }

    private UUID distanceChallenge(Person creator) {
        var c = new HashMap<String, Object>();
        c.put("name", "Today's distance");
        c.put("metric", "distance");
        c.put("start_date", day.toString());
        c.put("end_date", day.toString());
        c.put("visibility", "public");
        UUID id = creator.api().post("/api/v1/challenges", c).expect(201).id();
        creator.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        return id;
    }

    private double myProgress(Person p, UUID challenge) {
        return p.api()
                .get("/api/v1/challenges/" + challenge)
                .expect(200)
                .body()
                .path("my_progress")
                .asDouble();
    }

    private double friendsBoard(Person p, String metric) {
        return p.api()
                .get("/api/v1/leaderboards?metric=" + metric + "&period=week")
                .expect(200)
                .body()
                .path("me")
                .path("progress")
                .asDouble();
    }

    private long statsActivities(Person p) {
        return p.api()
                .get("/api/v1/stats")
                .expect(200)
                .body()
                .path("totals")
                .path("activities")
                .asLong();
    }

    @Test
    void backDatedManualActivitiesOverThirtyPastDaysEarnAtMostTheReceiptDayCap() {
        var scripter = named("Scripty", "UTC");
        for (int daysAgo = 1; daysAgo <= 30; daysAgo++) {
            // 100 km at 10 km/h: 1,000 XP, the whole daily cap of its own day
            log(scripter, "run", at(day.minusDays(daysAgo), "06:00", "UTC"), 36_000, 100_000);
        }
        var entries = ledger(scripter, "activity");
        assertThat(entries).hasSize(30);
        // one receipt day credits at most 2x the daily cap, however many past days the data is for
        assertThat(sumXp(entries)).isEqualTo(2000);
        // older than the 7-day window: late, 0
        assertThat(entries.stream()
                        .filter(e ->
                                LocalDate.parse(e.path("local_date").asString()).isBefore(day.minusDays(7))))
                .hasSize(23)
                .allSatisfy(e -> {
                    assertThat(e.path("late").asBoolean()).isTrue();
                    assertThat(e.path("xp").asInt()).isZero();
                });
        // all of it is still the person's own history
        assertThat(statsActivities(scripter)).isEqualTo(30);
    }

    @Test
    void anActivityFortyDaysOldEarnsNothingButCountsInMyOwnStats() {
        var late = named("Lou", "UTC");
        UUID old = log(late, "run", at(day.minusDays(40), "07:00", "UTC"), 1800, 5000);
        var entry = entryOf(late, old);
        assertThat(entry.path("late").asBoolean()).isTrue();
        assertThat(entry.path("flagged").asBoolean()).isFalse();
        assertThat(entry.path("earned_xp").asInt()).isEqualTo(50);
        assertThat(entry.path("xp").asInt()).isZero();
        assertThat(statsActivities(late)).isEqualTo(1);
        late.api().get("/api/v1/activities/" + old).expect(200);
    }

    @Test
    void anOfflineDeviceRunFromTenDaysAgoStillEarnsWhileTypedInDataThatOldDoesNot() {
        var runner = named("Ola", "UTC");
        var watch = pair(runner);
        UUID recorded = watch.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), at(day.minusDays(10), "06:00", "UTC")))
                .expect(201)
                .id();
        var entry = entryOf(runner, recorded);
        assertThat(entry.path("late").asBoolean()).isFalse();
        assertThat(entry.path("xp").asInt()).isEqualTo(50);

        UUID typed = log(runner, "run", at(day.minusDays(10), "18:00", "UTC"), 1800, 5000);
        assertThat(entryOf(runner, typed).path("xp").asInt()).isZero();
        // steps typed in for that day are late as well; synced by the app they would not be
        runner.api()
                .post(
                        "/api/v1/steps/sync",
                        Map.of(
                                "source",
                                "manual",
                                "steps",
                                List.of(Map.of("date", day.minusDays(10).toString(), "steps", 9000))))
                .expect(200);
        assertThat(ledger(runner, "steps"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("late").asBoolean()).isTrue());
        steps(runner, day.minusDays(9), 9000);
        assertThat(ledger(runner, "steps"))
                .filteredOn(e ->
                        e.path("local_date").asString().equals(day.minusDays(9).toString()))
                .singleElement()
                .satisfies(e -> assertThat(e.path("xp").asInt()).isEqualTo(9));
    }

    /** A run recorded on the watch, then the same run again with a new client_id: the copy earns nothing. */
    private record Copy(Person runner, Person friend, UUID challenge, UUID original, UUID copy) {}

    private Copy aRunSentTwice() {
        var runner = named("Dup", "UTC");
        var friend = named("Fay", "UTC");
        befriend(runner, friend);
        UUID race = distanceChallenge(runner);
        var watch = pair(runner);
        var start = at(day, "06:00", "UTC");
        UUID original = watch.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), start))
                .expect(201)
                .id();
        var copy = watch.api().post("/api/v1/device/runs", run(UUID.randomUUID(), start.plusSeconds(60)));
        copy.expect(201);
        assertThat(copy.str("duplicate_of")).isEqualTo(original.toString());
        return new Copy(runner, friend, race, original, copy.id());
    }

    @Test
    void aSecondCopyOfARunEarnsNothingAndCountsNowhereButShowsDuplicateOf() {
        var c = aRunSentTwice();
        var shown = c.runner().api().get("/api/v1/activities/" + c.copy()).expect(200);
        assertThat(shown.str("duplicate_of")).isEqualTo(c.original().toString());
        assertThat(c.runner()
                        .api()
                        .get("/api/v1/activities/" + c.original())
                        .expect(200)
                        .body()
                        .path("duplicate_of")
                        .isNull())
                .isTrue();
        var entry = entryOf(c.runner(), c.copy());
        assertThat(entry.path("flagged").asBoolean()).isTrue();
        assertThat(entry.path("xp").asInt()).isZero();
        assertThat(sumXp(ledger(c.runner(), "activity"))).isEqualTo(50);
        assertThat(myProgress(c.runner(), c.challenge())).isEqualTo(5000);
        assertThat(friendsBoard(c.runner(), "distance")).isEqualTo(5000);
        assertThat(friendsBoard(c.runner(), "activity_count")).isEqualTo(1);
        // the owner's own history keeps both
        assertThat(statsActivities(c.runner())).isEqualTo(2);

        // typed in by hand, the same run is a likely duplicate too
        var typed = new HashMap<String, Object>(activity("run", at(day, "06:05", "UTC"), 1800, 5000));
        typed.put("client_id", UUID.randomUUID().toString());
        assertThat(c.runner()
                        .api()
                        .post("/api/v1/activities", typed)
                        .expect(201)
                        .str("duplicate_of"))
                .isEqualTo(c.original().toString());
        assertThat(sumXp(ledger(c.runner(), "activity"))).isEqualTo(50);
    }

    @Test
    void declaringTheCopyNotADuplicateMakesItEarnOnce() {
        var c = aRunSentTwice();
        String path = "/api/v1/activities/" + c.copy();
        assertThat(c.runner()
                        .api()
                        .patch(path, Map.of("duplicate_of", c.original().toString()))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("duplicate_of");
        var notDuplicate = new HashMap<String, Object>();
        notDuplicate.put("duplicate_of", null);
        for (int i = 0; i < 2; i++) { // sent again, it changes nothing
            var patched = c.runner().api().patch(path, notDuplicate).expect(200);
            assertThat(patched.body().path("duplicate_of").isNull()).isTrue();
            assertThat(entryOf(c.runner(), c.copy()).path("xp").asInt()).isEqualTo(50);
            assertThat(sumXp(ledger(c.runner(), "activity"))).isEqualTo(100);
        }
        assertThat(myProgress(c.runner(), c.challenge())).isEqualTo(10_000);
        assertThat(friendsBoard(c.runner(), "distance")).isEqualTo(10_000);
        // the other person's patch is a 404, as for any activity of someone else
        c.friend().api().patch(path, notDuplicate).problem(404, "not_found");
    }

    @Test
    void deletingTheOriginalMakesTheCopyEarn() {
        var c = aRunSentTwice();
        c.runner().api().delete("/api/v1/activities/" + c.original()).expect(204);
        var copy = c.runner().api().get("/api/v1/activities/" + c.copy()).expect(200);
        assertThat(copy.body().path("duplicate_of").isNull()).isTrue();
        var entry = entryOf(c.runner(), c.copy());
        assertThat(entry.path("flagged").asBoolean()).isFalse();
        assertThat(entry.path("xp").asInt()).isEqualTo(50);
        assertThat(ledger(c.runner(), "activity")).hasSize(1);
        assertThat(myProgress(c.runner(), c.challenge())).isEqualTo(5000);
        assertThat(friendsBoard(c.runner(), "distance")).isEqualTo(5000);
    }
}
