package io.strideline.gamification;

import static org.awaitility.Awaitility.await;

import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** People who record activities and steps over HTTP, as every client does, and read their progress. */
abstract class GamificationTestBase extends ApiTest {

    protected Person named(String displayName, String zone) {
        var p = register();
        p.api()
                .patch("/api/v1/me", Map.of("display_name", displayName, "timezone", zone))
                .expect(200);
        return p;
    }

    protected void befriend(Person a, Person b) {
        a.api().post("/api/v1/friends/requests/" + b.id(), Map.of()).expect(200);
        b.api().post("/api/v1/friends/requests/" + a.id() + "/accept", Map.of()).expect(200);
    }

    protected static Map<String, Object> activity(String type, Instant start, int seconds, double meters) {
        var a = new HashMap<String, Object>();
        a.put("type", type);
        a.put("started_at", start.toString());
        a.put("duration_seconds", seconds);
        a.put("distance_meters", meters);
        return a;
    }

    protected static Instant at(LocalDate day, String time, String zone) {
        return day.atTime(LocalTime.parse(time)).atZone(ZoneId.of(zone)).toInstant();
    }

    /** A manual activity; its id. */
    protected UUID log(Person p, String type, Instant start, int seconds, double meters) {
        return p.api()
                .post("/api/v1/activities", activity(type, start, seconds, meters))
                .expect(201)
                .id();
    }

    protected void steps(Person p, LocalDate day, int steps) {
        p.api()
                .post("/api/v1/steps/sync", Map.of("steps", List.of(Map.of("date", day.toString(), "steps", steps))))
                .expect(200);
    }

    protected JsonNode progress(Person p) {
        return p.api().get("/api/v1/me/progress").expect(200).body();
    }

    /** The ledger's entries of one source, newest first. */
    protected List<JsonNode> ledger(Person p, String source) {
        var out = new ArrayList<JsonNode>();
        p.api()
                .get("/api/v1/me/progress/ledger?limit=200")
                .expect(200)
                .body()
                .path("items")
                .forEach(e -> {
                    if (e.path("source").asString().equals(source)) {
                        out.add(e);
                    }
                });
        return out;
    }

    protected List<JsonNode> notifications(Person p, String type) {
        var out = new ArrayList<JsonNode>();
        p.api()
                .get("/api/v1/notifications?limit=200")
                .expect(200)
                .body()
                .path("items")
                .forEach(n -> {
                    if (n.path("type").asString().equals(type)) {
                        out.add(n);
                    }
                });
        return out;
    }

    protected void awaitNotifications(Person p, String type, Predicate<List<JsonNode>> until) {
        await().atMost(Duration.ofSeconds(10)).until(() -> until.test(notifications(p, type)));
    }
}
