package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ManualActivityApiTest extends ApiTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private String exerciseId(Person person, String query) {
        return person.api()
                .get("/api/v1/exercises?query=" + query)
                .expect(200)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asString();
    }

    private Map<String, Object> walk(Instant start) {
        var walk = new HashMap<String, Object>();
        walk.put("type", "walk");
        walk.put("name", "Evening walk");
        walk.put("started_at", start.toString());
        walk.put("duration_seconds", 3600);
        walk.put("distance_meters", 5000.0);
        return walk;
    }

    @Test
    void logsAWorkoutWithExercisesAndShowsThemInTheDetail() {
        var person = register();
        String pushUp = exerciseId(person, "push");
        String squat = exerciseId(person, "back%20squat");
        var body = new HashMap<String, Object>();
        body.put("type", "workout");
        body.put("name", "Leg day");
        body.put("started_at", now.minus(2, ChronoUnit.HOURS).toString());
        body.put("ended_at", now.minus(1, ChronoUnit.HOURS).toString());
        body.put("notes", "heavy");
        body.put("weather", Map.of("temp_c", 21.5, "conditions", "sunny"));
        body.put(
                "exercises",
                List.of(
                        Map.of("exercise_id", pushUp, "sets", List.of(Map.of("reps", 20), Map.of("reps", 15))),
                        Map.of(
                                "exercise_id",
                                squat,
                                "sets",
                                List.of(Map.of("reps", 5, "weight_kg", 100.0, "rest_seconds", 180)))));
        var created = person.api().post("/api/v1/activities", body).expect(201);
        assertThat(created.str("type")).isEqualTo("workout");
        assertThat(created.str("title")).isEqualTo("Leg day");
        assertThat(created.str("visibility")).isEqualTo("private");
        assertThat(created.body().path("duration_seconds").asInt()).isEqualTo(3600);
        assertThat(created.body().path("weather").path("conditions").asString()).isEqualTo("sunny");

        var detail = person.api()
                .get("/api/v1/activities/" + created.id())
                .expect(200)
                .body();
        var exercises = detail.path("exercises");
        assertThat(exercises).hasSize(2);
        assertThat(exercises.get(0).path("name").asString()).isEqualTo("Push-up");
        assertThat(exercises.get(0).path("sets")).hasSize(2);
        assertThat(exercises.get(1).path("sets").get(0).path("weight_kg").asDouble())
                .isEqualTo(100.0);
        assertThat(exercises.get(1).path("sets").get(0).path("rest_seconds").asInt())
                .isEqualTo(180);

        var stats = person.api().get("/api/v1/stats?type=workout").expect(200).body();
        assertThat(stats.path("totals").path("activities").asInt()).isEqualTo(1);
        assertThat(stats.path("totals").path("duration_seconds").asInt()).isEqualTo(3600);
    }

    @Test
    void logsAWalkWithATrackAndDurationOnlyAndCountsItsDistance() {
        var person = register();
        var body = walk(now.minus(1, ChronoUnit.DAYS));
        body.put("visibility", "friends");
        body.put(
                "track",
                Map.of(
                        "t", List.of(0, 60, 120),
                        "lat", List.of(48.1, 48.101, 48.102),
                        "lon", List.of(11.5, 11.5, 11.5)));
        var created = person.api().post("/api/v1/activities", body).expect(201);
        assertThat(created.str("visibility")).isEqualTo("friends");
        assertThat(created.body().path("has_track").asBoolean()).isTrue();
        assertThat(Instant.parse(created.str("ended_at")))
                .isEqualTo(now.minus(1, ChronoUnit.DAYS).plusSeconds(3600));
        var streams = person.api()
                .get("/api/v1/activities/" + created.id() + "?include=streams")
                .expect(200)
                .body()
                .path("streams");
        assertThat(streams.path("lat")).hasSize(3);
        var stats = person.api().get("/api/v1/stats?type=walk").expect(200).body();
        assertThat(stats.path("totals").path("distance_meters").asDouble()).isEqualTo(5000.0);
        assertThat(person.api()
                        .get("/api/v1/activities?type=walk")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(1);
    }

    @Test
    void theSameClientIdTwiceMakesOneActivity() {
        var person = register();
        var body = walk(now.minus(3, ChronoUnit.HOURS));
        body.put("client_id", UUID.randomUUID().toString());
        UUID first = person.api().post("/api/v1/activities", body).expect(201).id();
        UUID again = person.api().post("/api/v1/activities", body).expect(200).id();
        assertThat(again).isEqualTo(first);
        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .hasSize(1);
        var stats = person.api().get("/api/v1/stats").expect(200).body();
        assertThat(stats.path("totals").path("activities").asInt()).isEqualTo(1);
        // another person may use the same client_id
        register().api().post("/api/v1/activities", body).expect(201);
    }

    @Test
    void rejectsBadFieldsNamingEachOne() {
        var person = register();
        String plank = exerciseId(person, "plank");
        var body = new HashMap<String, Object>();
        body.put("name", "x".repeat(201));
        body.put("started_at", now.plus(1, ChronoUnit.DAYS).toString());
        body.put("weather", List.of(1, 2));
        assertThat(person.api()
                        .post("/api/v1/activities", body)
                        .problem(422, "validation_failed")
                        .fields())
                .contains("type", "name", "started_at", "ended_at", "weather");
        // a word outside a vocabulary is refused on its own, naming the field and the words it takes
        var teleport = new HashMap<String, Object>(body);
        teleport.put("type", "teleport");
        rejectsValue(
                person.api().post("/api/v1/activities", teleport),
                "type",
                "run, walk, hike, ride, workout, swim, multisport, other");
        var everyone = new HashMap<String, Object>(body);
        everyone.put("type", "run");
        everyone.put("visibility", "everyone");
        rejectsValue(person.api().post("/api/v1/activities", everyone), "visibility", "private, friends, public");

        var workout = new HashMap<String, Object>();
        workout.put("type", "workout");
        workout.put("started_at", now.minus(1, ChronoUnit.HOURS).toString());
        workout.put("duration_seconds", 1800);
        workout.put(
                "exercises",
                List.of(
                        Map.of(
                                "exercise_id",
                                plank,
                                "sets",
                                List.of(
                                        Map.of("duration_seconds", 60),
                                        Map.of("duration_seconds", 60),
                                        Map.of("reps", -1, "weight_kg", 5000.0))),
                        Map.of("exercise_id", UUID.randomUUID().toString(), "sets", List.of(Map.of("reps", 1))),
                        Map.of("sets", List.of())));
        assertThat(person.api()
                        .post("/api/v1/activities", workout)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder(
                        "exercises[0].sets[2].reps",
                        "exercises[0].sets[2].weight_kg",
                        "exercises[1].exercise_id",
                        "exercises[2].exercise_id",
                        "exercises[2].sets");

        var tooFast = walk(now.minus(1, ChronoUnit.DAYS));
        tooFast.put("distance_meters", 50_000.0);
        tooFast.put("weather", Map.of("blob", "x".repeat(5000)));
        tooFast.put("track", Map.of("t", List.of(0, 1), "lat", List.of(91, 0), "lon", List.of(0)));
        assertThat(person.api()
                        .post("/api/v1/activities", tooFast)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("distance_meters", "weather", "track.lon", "track.lat[0]");

        var runWithExercises = walk(now.minus(1, ChronoUnit.DAYS));
        runWithExercises.put("exercises", List.of(Map.of("exercise_id", plank, "sets", List.of(Map.of("reps", 1)))));
        assertThat(person.api()
                        .post("/api/v1/activities", runWithExercises)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("exercises");
        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void someoneElsesPrivateExerciseCannotBeUsed() {
        var owner = register();
        var other = register();
        String mine = owner.api()
                .post(
                        "/api/v1/exercises",
                        Map.of(
                                "name",
                                "Zercher Carry Deluxe",
                                "category",
                                "strength",
                                "muscle_groups",
                                List.of("Core")))
                .expect(201)
                .str("id");
        var workout = new HashMap<String, Object>();
        workout.put("type", "workout");
        workout.put("started_at", now.minus(1, ChronoUnit.HOURS).toString());
        workout.put("duration_seconds", 600);
        workout.put("exercises", List.of(Map.of("exercise_id", mine, "sets", List.of(Map.of("reps", 10)))));
        owner.api().post("/api/v1/activities", workout).expect(201);
        assertThat(other.api()
                        .post("/api/v1/activities", workout)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("exercises[0].exercise_id");
    }

    @Test
    void visibilityChangesByPatchAndOnlyTheOwnerChangesIt() {
        var person = register();
        var other = register();
        UUID id = person.api()
                .post("/api/v1/activities", walk(now.minus(1, ChronoUnit.DAYS)))
                .expect(201)
                .id();
        var changed = person.api()
                .patch("/api/v1/activities/" + id, Map.of("visibility", "public", "title", "Park loop"))
                .expect(200);
        assertThat(changed.str("visibility")).isEqualTo("public");
        assertThat(changed.str("title")).isEqualTo("Park loop");
        assertThat(person.api()
                        .patch("/api/v1/activities/" + id, Map.of("visibility", "world"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("visibility");
        // public: others read it (issue 11), but only its owner changes or deletes it
        other.api().get("/api/v1/activities/" + id).expect(200);
        person.api()
                .patch("/api/v1/activities/" + id, Map.of("visibility", "private"))
                .expect(200);
        other.api().get("/api/v1/activities/" + id).problem(404, "not_found");
        other.api().patch("/api/v1/activities/" + id, Map.of("title", "mine")).problem(404, "not_found");
        other.api().delete("/api/v1/activities/" + id).problem(404, "not_found");
        person.api().delete("/api/v1/activities/" + id).expect(204);
        assertThat(person.api()
                        .get("/api/v1/stats")
                        .expect(200)
                        .body()
                        .path("totals")
                        .path("activities")
                        .asInt())
                .isZero();
    }

    @Test
    void takesAtCreationTheFacetsPatchChangesUnderTheSameRules() {
        var person = register();
        var body = walk(now.minus(1, ChronoUnit.DAYS));
        body.put("visibility", "friends");
        body.put("map_visibility", "friends");
        body.put("heart_rate_visibility", "friends");
        UUID id = person.api().post("/api/v1/activities", body).expect(201).id();
        var stored = person.api().get("/api/v1/activities/" + id).expect(200);
        assertThat(stored.str("visibility")).isEqualTo("friends");
        assertThat(stored.str("map_visibility")).isEqualTo("friends");
        assertThat(stored.str("heart_rate_visibility")).isEqualTo("friends");

        // wider than the visibility sent, or (none sent) than my default private one: refused as by PATCH
        var wider = walk(now.minus(2, ChronoUnit.DAYS));
        wider.put("visibility", "friends");
        wider.put("map_visibility", "public");
        assertThat(person.api()
                        .post("/api/v1/activities", wider)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("map_visibility");
        var widerThanDefault = walk(now.minus(2, ChronoUnit.DAYS));
        widerThanDefault.put("heart_rate_visibility", "friends");
        assertThat(person.api()
                        .post("/api/v1/activities", widerThanDefault)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("heart_rate_visibility");
        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .hasSize(1);
    }

    @Test
    void needsAUserToken() {
        var person = register();
        var device = pair(person);
        api.anonymous().post("/api/v1/activities", walk(now)).problem(401, "unauthorized");
        device.api().post("/api/v1/activities", walk(now)).problem(401, "invalid_token");
        api.anonymous().get("/api/v1/exercises").problem(401, "unauthorized");
        device.api().get("/api/v1/exercises").problem(401, "invalid_token");
    }

    @Test
    void catalogueIsSearchablePagedAndPrivateExercisesStayPrivate() {
        var person = register();
        var other = register();
        var all = person.api().get("/api/v1/exercises?limit=200").expect(200).body();
        assertThat(all.path("items").size()).isGreaterThanOrEqualTo(40);
        assertThat(all.path("next_cursor").isNull()).isTrue();

        var squats =
                person.api().get("/api/v1/exercises?query=SQUAT").expect(200).body();
        assertThat(squats.path("items").size()).isGreaterThanOrEqualTo(3);
        squats.path("items")
                .forEach(
                        e -> assertThat(e.path("name").asString().toLowerCase()).contains("squat"));

        var core =
                person.api().get("/api/v1/exercises?category=core").expect(200).body();
        core.path("items")
                .forEach(e -> assertThat(e.path("category").asString()).isEqualTo("core"));

        var seen = new java.util.ArrayList<String>();
        String cursor = null;
        do {
            var page = person.api()
                    .get("/api/v1/exercises?limit=7" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .body();
            page.path("items").forEach(e -> seen.add(e.path("id").asString()));
            cursor = page.path("next_cursor").isNull()
                    ? null
                    : page.path("next_cursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(all.path("items").size()).doesNotHaveDuplicates();

        var created = person.api()
                .post(
                        "/api/v1/exercises",
                        Map.of(
                                "name",
                                "Sandbag Squat Hold",
                                "category",
                                "strength",
                                "muscle_groups",
                                List.of("Legs"),
                                "equipment",
                                "sandbag"))
                .expect(201);
        assertThat(created.body().path("custom").asBoolean()).isTrue();
        assertThat(person.api()
                        .get("/api/v1/exercises?query=sandbag")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(1);
        assertThat(other.api()
                        .get("/api/v1/exercises?query=sandbag")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();

        assertThat(person.api()
                        .post("/api/v1/exercises", Map.of("name", ""))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("name", "category");
        String categories = "strength, cardio, flexibility, core, balance, plyometrics";
        rejectsValue(
                person.api().post("/api/v1/exercises", Map.of("name", "Levitation", "category", "magic")),
                "category",
                categories);
        assertThat(person.api()
                        .get("/api/v1/exercises?category=core&limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        rejectsValue(person.api().get("/api/v1/exercises?category=magic&limit=0"), "category", categories);
        person.api().get("/api/v1/exercises?cursor=zzz").problem(422, "validation_failed");
    }

    /** A 422 naming only {@code field}, whose message lists the wire values. */
    private static void rejectsValue(io.strideline.Api.Response answer, String field, String values) {
        answer.problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly(field);
        assertThat(answer.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of " + values);
    }
}
