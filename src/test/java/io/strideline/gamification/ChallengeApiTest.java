package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChallengeApiTest extends GamificationTestBase {

    private static Map<String, Object> challenge(String metric, LocalDate start, LocalDate end, Object... more) {
        var c = new HashMap<String, Object>();
        c.put("name", "Challenge " + metric);
        c.put("metric", metric);
        c.put("start_date", start.toString());
        c.put("end_date", end.toString());
        c.put("visibility", "public");
        for (int i = 0; i < more.length; i += 2) {
            c.put((String) more[i], more[i + 1]);
        }
        return c;
    }

    private LocalDate today(String zone) {
        return LocalDate.now(clock.withZone(ZoneId.of(zone)));
    }

    private UUID create(Person p, Map<String, Object> body) {
        return p.api().post("/api/v1/challenges", body).expect(201).id();
    }

    private JsonNode leaderboard(Person p, UUID id, String query) {
        return p.api()
                .get("/api/v1/challenges/" + id + "/leaderboard" + query)
                .expect(200)
                .body();
    }

    private double myProgress(Person p, UUID id) {
        return p.api()
                .get("/api/v1/challenges/" + id)
                .expect(200)
                .body()
                .path("my_progress")
                .asDouble();
    }

    @Test
    void aRunAt2330OnTheLastLocalDayCountsAndOneAt0030TheNextDayDoesNotInEachZone() {
        // "now" is 10:00 UTC of day D: D in Tokyo and in New York alike; the creator, at UTC-12, is still on D-1
        var d = LocalDate.now(clock).plusDays(1);
        clock.pin(d.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC));
        var creator = named("Cleo", "Etc/GMT+12");
        var tokyo = named("Taro", "Asia/Tokyo");
        var newYork = named("Nina", "America/New_York");
        UUID id = create(creator, challenge("distance", d, d));
        tokyo.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        newYork.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        // a day later, both have run on the last day late at night and again just after midnight
        clock.pin(d.plusDays(1).atTime(6, 0).toInstant(java.time.ZoneOffset.UTC));
        tokyo = fresh(tokyo);
        newYork = fresh(newYork);
        for (var p : List.of(Map.entry(tokyo, "Asia/Tokyo"), Map.entry(newYork, "America/New_York"))) {
            log(p.getKey(), "run", at(d, "23:30", p.getValue()), 1500, 5000);
            log(p.getKey(), "run", at(d.plusDays(1), "00:30", p.getValue()), 1500, 3000);
            log(p.getKey(), "run", at(d.minusDays(1), "23:30", p.getValue()), 1500, 2000);
        }
        assertThat(myProgress(tokyo, id)).isEqualTo(5000.0);
        assertThat(myProgress(newYork, id)).isEqualTo(5000.0);
    }

    @Test
    void aLateUploadCountsWithinTheGraceAndTheLeaderboardFreezesAfterIt() {
        var d = LocalDate.now(clock).plusDays(1);
        clock.pin(d.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC));
        var runner = named("Rita", "UTC");
        UUID id = create(runner, challenge("distance", d, d));
        // the next day (within the 2-day grace) a run of day d is uploaded late: it counts
        clock.pin(d.plusDays(1).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC));
        runner = fresh(runner);
        log(runner, "run", at(d, "18:00", "UTC"), 1800, 5000);
        var finished = runner.api().get("/api/v1/challenges/" + id).expect(200).body();
        assertThat(finished.path("status").asString()).isEqualTo("finished");
        assertThat(finished.path("frozen").asBoolean()).isFalse();
        assertThat(finished.path("my_progress").asDouble()).isEqualTo(5000.0);
        // after the grace the leaderboard stays as it was: neither a later upload nor a delete moves it
        clock.pin(d.plusDays(4).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC));
        runner = fresh(runner);
        UUID late = log(runner, "run", at(d, "19:00", "UTC"), 1800, 4000);
        runner.api().delete("/api/v1/activities/" + late).expect(204);
        log(runner, "run", at(d, "20:00", "UTC"), 1800, 3000);
        var frozen = leaderboard(runner, id, "");
        assertThat(frozen.path("frozen").asBoolean()).isTrue();
        assertThat(frozen.path("me").path("progress").asDouble()).isEqualTo(5000.0);
        runner.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        register().api().post("/api/v1/challenges/" + id + "/join", Map.of()).problem(409, "challenge_finished");
    }

    @Test
    void theParticipantLimitHoldsWhenManyJoinAtOnce() throws Exception {
        var creator = register();
        UUID id = create(creator, challenge("steps", today("UTC"), today("UTC").plusDays(7), "max_participants", 3));
        var people = new ArrayList<Person>();
        for (int i = 0; i < 10; i++) {
            people.add(register());
        }
        var pool = Executors.newFixedThreadPool(10);
        var statuses = new ArrayList<Integer>();
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (var p : people) {
                calls.add(() -> p.api()
                        .post("/api/v1/challenges/" + id + "/join", Map.of())
                        .status());
            }
            for (var f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(2);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(8);
        var challenge =
                creator.api().get("/api/v1/challenges/" + id).expect(200).body();
        assertThat(challenge.path("participant_count").asInt()).isEqualTo(3);
        assertThat(leaderboard(creator, id, "").path("items")).hasSize(3);
        var late = register();
        late.api().post("/api/v1/challenges/" + id + "/join", Map.of()).problem(409, "challenge_full");
        // one leaves: a seat is free again
        var joined = people.stream()
                .filter(p -> p.api()
                        .get("/api/v1/challenges/" + id)
                        .body()
                        .path("joined")
                        .asBoolean())
                .findFirst()
                .orElseThrow();
        joined.api().delete("/api/v1/challenges/" + id + "/join").expect(204);
        late.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
    }

    @Test
    void leaderboardRanksTiesTogetherPagesAndShowsMyNeighbours() {
        // noon: the runs of the last three hours fall on the challenge's first day whenever this runs
        clock.pin(clock.instant().truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS));
        var creator = register();
        var today = today("UTC");
        UUID id = create(creator, challenge("distance", today, today.plusDays(7), "target", 10_000.0));
        var now = clock.instant();
        // creator 0 m; a and b reach 10 km (a first); c and d tie at 4 km; e at 1 km
        var runners = new LinkedHashMap<String, Person>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            var p = named(name, "UTC");
            p.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
            runners.put(name, p);
        }
        log(runners.get("a"), "run", now.minus(3, ChronoUnit.HOURS), 3600, 10_000);
        log(runners.get("b"), "run", now.minus(2, ChronoUnit.HOURS), 4000, 12_000);
        log(runners.get("c"), "run", now.minus(2, ChronoUnit.HOURS), 1500, 4000);
        log(runners.get("d"), "run", now.minus(1, ChronoUnit.HOURS), 1500, 4000);
        log(runners.get("e"), "run", now.minus(1, ChronoUnit.HOURS), 600, 1000);
        var all = new ArrayList<JsonNode>();
        String cursor = null;
        do {
            var page = leaderboard(creator, id, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("items").forEach(all::add);
            cursor = page.path("next_cursor").isNull()
                    ? null
                    : page.path("next_cursor").asString();
        } while (cursor != null);
        assertThat(all).extracting(e -> e.path("display_name").asString()).startsWith("a", "b");
        assertThat(all).extracting(e -> e.path("rank").asLong()).containsExactly(1L, 2L, 3L, 3L, 5L, 6L);
        assertThat(all.get(1).path("progress").asDouble()).isEqualTo(12_000.0);
        assertThat(all.get(0).path("completed_at").isNull()).isFalse();
        var mine = leaderboard(runners.get("d"), id, "?limit=1");
        assertThat(mine.path("me").path("rank").asLong()).isEqualTo(3);
        assertThat(mine.path("above").path("rank").asLong()).isIn(2L, 3L);
        assertThat(mine.path("below").path("display_name").asString()).isIn("c", "e");
        // the first to reach the target is told, with the rank
        awaitNotifications(runners.get("a"), "challenge_completed", n -> n.size() == 1);
        assertThat(notifications(runners.get("a"), "challenge_completed")
                        .getFirst()
                        .path("data")
                        .path("rank")
                        .asLong())
                .isEqualTo(1);
        // friends only: c sees c and her friend e
        befriend(runners.get("c"), runners.get("e"));
        var friends = leaderboard(runners.get("c"), id, "?scope=friends");
        assertThat(friends.path("items"))
                .extracting(e -> e.path("display_name").asString())
                .containsExactly("c", "e");
        assertThat(friends.path("items"))
                .extracting(e -> e.path("rank").asLong())
                .containsExactly(1L, 2L);
        // blocked people do not see each other
        runners.get("b")
                .api()
                .put("/api/v1/blocks/" + runners.get("c").id(), null)
                .expect(204);
        var seenByC = leaderboard(runners.get("c"), id, "");
        assertThat(seenByC.path("items"))
                .extracting(e -> e.path("display_name").asString())
                .doesNotContain("b");
        assertThat(seenByC.path("me").path("rank").asLong()).isEqualTo(2);
        // progress goes down again: b deletes the run and is no longer done
        UUID bRun = UUID.fromString(runners.get("b")
                .api()
                .get("/api/v1/activities")
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asString());
        runners.get("b").api().delete("/api/v1/activities/" + bRun).expect(204);
        var b = runners.get("b")
                .api()
                .get("/api/v1/challenges/" + id)
                .expect(200)
                .body();
        assertThat(b.path("my_progress").asDouble()).isZero();
        assertThat(b.path("completed_at").isNull()).isTrue();
    }

    @Test
    void progressIsExactAfterRandomUploadsDeletesAndTimeZoneChanges() {
        var random = new Random(42);
        var d0 = LocalDate.now(clock).plusDays(1);
        clock.pin(d0.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        var creator = named("Cleo", "Etc/GMT+12");
        UUID id = create(creator, challenge("duration", d0, d0.plusDays(2), "activity_types", List.of("run", "walk")));
        var zones = List.of("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati");
        var people = new ArrayList<Person>();
        var zoneOf = new HashMap<UUID, String>();
        for (int i = 0; i < 4; i++) {
            var p = named("p" + i, zones.get(i));
            p.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
            people.add(p);
            zoneOf.put(p.id(), zones.get(i));
        }
        clock.pin(d0.plusDays(4).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        people.replaceAll(this::fresh);
        record Logged(UUID owner, UUID id, String type, Instant start, int seconds) {}
        var logged = new ArrayList<Logged>();
        var types = List.of("run", "walk", "ride");
        for (int step = 0; step < 60; step++) {
            var p = people.get(random.nextInt(people.size()));
            int op = random.nextInt(10);
            if (op < 6) {
                String type = types.get(random.nextInt(types.size()));
                var start = d0.minusDays(2)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()
                        .plusSeconds(random.nextInt(6 * 24 * 3600));
                int seconds = 600 + random.nextInt(3000);
                logged.add(new Logged(p.id(), log(p, type, start, seconds, 1000), type, start, seconds));
            } else if (op < 9) {
                var own = logged.stream().filter(l -> l.owner().equals(p.id())).toList();
                if (!own.isEmpty()) {
                    var gone = own.get(random.nextInt(own.size()));
                    p.api().delete("/api/v1/activities/" + gone.id()).expect(204);
                    logged.remove(gone);
                }
            } else {
                String zone = zones.get(random.nextInt(zones.size()));
                p.api().patch("/api/v1/me", Map.of("timezone", zone)).expect(200);
                zoneOf.put(p.id(), zone);
            }
        }
        // time-zone changes rebuild the day totals after their request: wait for them
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (var p : people) {
                var zone = ZoneId.of(zoneOf.get(p.id()));
                double expected = logged.stream()
                        .filter(l -> l.owner().equals(p.id()) && !l.type().equals("ride"))
                        .filter(l -> {
                            var day = l.start().atZone(zone).toLocalDate();
                            return !day.isBefore(d0) && !day.isAfter(d0.plusDays(2));
                        })
                        .mapToDouble(Logged::seconds)
                        .sum();
                assertThat(myProgress(p, id))
                        .as("progress of %s in %s", p.id(), zone)
                        .isEqualTo(expected);
            }
        });
    }

    @Test
    void privateChallengesAreForInvitedPeopleOnly() {
        var owner = register();
        var friend = register();
        var outsider = register();
        befriend(owner, friend);
        var today = today("UTC");
        UUID id = create(owner, challenge("steps", today, today.plusDays(3), "visibility", "private"));
        outsider.api().get("/api/v1/challenges/" + id).problem(404, "not_found");
        outsider.api().post("/api/v1/challenges/" + id + "/join", Map.of()).problem(404, "not_found");
        outsider.api().get("/api/v1/challenges/" + id + "/leaderboard").problem(404, "not_found");
        assertThat(outsider.api().get("/api/v1/challenges?limit=200").body().path("items"))
                .noneSatisfy(c -> assertThat(c.path("id").asString()).isEqualTo(id.toString()));
        friend.api().post("/api/v1/challenges/" + id + "/join", Map.of()).problem(404, "not_found");
        owner.api()
                .post(
                        "/api/v1/challenges/" + id + "/invitations",
                        Map.of("user_id", outsider.id().toString()))
                .problem(404, "not_found");
        owner.api()
                .post(
                        "/api/v1/challenges/" + id + "/invitations",
                        Map.of("user_id", friend.id().toString()))
                .expect(204);
        assertThat(friend.api()
                        .get("/api/v1/challenges/" + id)
                        .expect(200)
                        .body()
                        .path("invited")
                        .asBoolean())
                .isTrue();
        awaitNotifications(friend, "challenge_invitation", n -> n.size() == 1);
        steps(friend, today, 4321);
        var joined = friend.api()
                .post("/api/v1/challenges/" + id + "/join", Map.of())
                .expect(200)
                .body();
        // steps stored before joining count
        assertThat(joined.path("my_progress").asDouble()).isEqualTo(4321.0);
        friend.api()
                .patch("/api/v1/challenges/" + id, Map.of("name", "Mine now"))
                .problem(403, "not_the_creator");
        friend.api().delete("/api/v1/challenges/" + id).problem(403, "not_the_creator");
        owner.api()
                .patch("/api/v1/challenges/" + id, Map.of("name", "Spring steps"))
                .expect(200);
        owner.api().delete("/api/v1/challenges/" + id).expect(204);
        friend.api().get("/api/v1/challenges/" + id).problem(404, "not_found");
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        var p = register();
        var device = pair(p);
        var today = today("UTC");
        var r = p.api()
                .post("/api/v1/challenges", Map.of("visibility", "group"))
                .problem(422, "validation_failed");
        assertThat(r.fields()).contains("name", "metric", "start_date", "end_date", "group_id");
        assertThat(p.api()
                        .post("/api/v1/challenges", challenge("steps", today, today, "activity_types", List.of("run")))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("activity_types");
        assertThat(p.api()
                        .post("/api/v1/challenges", challenge("steps", today.minusDays(1), today))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("start_date");
        assertThat(p.api()
                        .post("/api/v1/challenges", challenge("steps", today, today.plusDays(400)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("end_date");
        p.api()
                .post("/api/v1/challenges", challenge("lightyears", today, today))
                .expect(422);
        p.api().get("/api/v1/challenges/" + UUID.randomUUID()).problem(404, "not_found");
        p.api().get("/api/v1/leaderboards").problem(422, "validation_failed");
        p.api().get("/api/v1/challenges?status=active").expect(200);
        p.api().get("/api/v1/challenges?status=someday").expect(422);
        p.api().get("/api/v1/leaderboards?metric=distance&period=year").expect(422);
        assertThat(p.api()
                        .get("/api/v1/challenges?limit=200")
                        .body()
                        .path("items")
                        .valueStream()
                        .filter(c -> c.path("creator_id").asString().equals(p.id().toString())))
                .isEmpty();
        api.anonymous().get("/api/v1/challenges").expect(401);
        api.anonymous()
                .post("/api/v1/challenges", challenge("steps", today, today))
                .expect(401);
        device.api().get("/api/v1/challenges").problem(401, "invalid_token");
        device.api().get("/api/v1/leaderboards?metric=distance").problem(401, "invalid_token");
    }

    @Test
    void everyChallengeEndpointNeedsAUserTokenAndChecksItsInput() {
        var owner = register();
        var other = register();
        var device = pair(owner);
        var today = today("UTC");
        UUID id = create(owner, challenge("steps", today, today.plusDays(3)));
        String c = "/api/v1/challenges/" + id;
        var anonymous = api.anonymous();
        anonymous.get(c).expect(401);
        anonymous.patch(c, Map.of("name", "x")).expect(401);
        anonymous.delete(c).expect(401);
        anonymous.post(c + "/join", Map.of()).expect(401);
        anonymous.delete(c + "/join").expect(401);
        anonymous
                .post(c + "/invitations", Map.of("user_id", other.id().toString()))
                .expect(401);
        anonymous.get(c + "/leaderboard").expect(401);
        anonymous.get("/api/v1/leaderboards?metric=steps").expect(401);
        device.api()
                .post("/api/v1/challenges", challenge("steps", today, today))
                .problem(401, "invalid_token");
        device.api().get(c).problem(401, "invalid_token");
        device.api().post(c + "/join", Map.of()).problem(401, "invalid_token");
        device.api().get(c + "/leaderboard").problem(401, "invalid_token");
        // bad input names the field and changes nothing
        assertThat(owner.api()
                        .patch(c, Map.of("name", "x".repeat(101)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("name");
        assertThat(owner.api()
                        .patch(c, Map.of("max_participants", 0))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("max_participants");
        assertThat(owner.api().get(c).body().path("name").asString()).isEqualTo("Challenge steps");
        assertThat(owner.api()
                        .post(c + "/invitations", Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("user_id");
        owner.api().get(c + "/leaderboard?limit=0").problem(422, "validation_failed");
        owner.api().get(c + "/leaderboard?cursor=nonsense").problem(422, "validation_failed");
        owner.api().get(c + "/leaderboard?scope=everyone").expect(422);
        assertThat(owner.api()
                        .get("/api/v1/challenges/not-a-uuid")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("id");
        // someone else's participation and invitations
        other.api().delete(c + "/join").problem(404, "not_found");
        other.api()
                .post(c + "/invitations", Map.of("user_id", owner.id().toString()))
                .problem(403, "not_a_participant");
        other.api().patch(c, Map.of("name", "Mine")).problem(403, "not_the_creator");
        assertThat(owner.api().get(c).body().path("participant_count").asInt()).isEqualTo(1);
    }

    @Test
    void theWeeklyFriendsLeaderboardCountsWhatFriendsMaySee() {
        var ann = named("Ann", "Europe/Berlin");
        var bob = named("Bob", "Europe/Berlin");
        var carl = named("Carl", "Europe/Berlin");
        befriend(ann, bob);
        var now = clock.instant();
        var mine = activity("run", now.minus(1, ChronoUnit.HOURS), 1800, 6000);
        ann.api().post("/api/v1/activities", mine).expect(201);
        var shared = activity("run", now.minus(2, ChronoUnit.HOURS), 1800, 5000);
        shared.put("visibility", "friends");
        bob.api().post("/api/v1/activities", shared).expect(201);
        // private: ann must not learn of it
        bob.api()
                .post("/api/v1/activities", activity("run", now.minus(3, ChronoUnit.HOURS), 3600, 12000))
                .expect(201);
        var carlRun = activity("run", now.minus(1, ChronoUnit.HOURS), 3600, 20000);
        carlRun.put("visibility", "public");
        carl.api().post("/api/v1/activities", carlRun).expect(201);
        var board = ann.api()
                .get("/api/v1/leaderboards?metric=distance&period=week&scope=friends")
                .expect(200)
                .body();
        assertThat(board.path("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(board.path("items"))
                .extracting(e -> e.path("display_name").asString())
                .containsExactly("Ann", "Bob");
        assertThat(board.path("items").get(1).path("progress").asDouble()).isEqualTo(5000.0);
        assertThat(board.path("me").path("rank").asLong()).isEqualTo(1);
        var steps = ann.api()
                .get("/api/v1/leaderboards?metric=steps&period=month")
                .expect(200)
                .body();
        assertThat(steps.path("items")).hasSize(2);
    }

    @Test
    void aGoalMetIsAnnouncedOncePerPeriod() {
        var ann = register();
        var today = today("UTC");
        ann.api()
                .post(
                        "/api/v1/goals",
                        Map.of("title", "5k a day", "period", "daily", "metric", "steps", "target", 5000))
                .expect(201);
        steps(ann, today, 6000);
        steps(ann, today, 7000);
        awaitNotifications(ann, "goal_met", n -> n.size() == 1);
        steps(ann, today.minusDays(1), 9000); // before the goal started: not its period
        log(ann, "walk", clock.instant().minus(1, ChronoUnit.HOURS), 1200, 1000);
        assertThat(notifications(ann, "goal_met")).hasSize(1);
    }
}
