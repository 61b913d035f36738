package io.strideline.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ChangeFeedTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private final Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private JsonNode changes(Person person, String cursor) {
        return person.api()
                .get("/api/v1/sync/changes" + (cursor == null ? "" : "?cursor=" + cursor))
                .expect(200)
                .body();
    }

    @Test
    void appFollowsCreationEditAndDeletionOfItsActivitiesAndDevices() {
        var runner = register();
        String cursor = changes(runner, null).path("next_cursor").asString();
        assertThat(changes(runner, cursor).path("items")).isEmpty();

        var glasses = pair(runner);
        UUID run = glasses.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), start))
                .expect(201)
                .id();
        runner.api()
                .patch("/api/v1/activities/" + run, Map.of("title", "Renamed"))
                .expect(200);
        runner.api().delete("/api/v1/activities/" + run).expect(204);

        var feed = changes(runner, cursor);
        var seen = new ArrayList<String>();
        feed.path("items")
                .forEach(c -> seen.add(
                        c.path("entity").asString() + ":" + c.path("op").asString()));
        assertThat(seen).containsExactly("device:upsert", "activity:upsert", "activity:upsert", "activity:delete");
        assertThat(feed.path("items").get(1).path("id").asString()).isEqualTo(run.toString());
        assertThat(feed.path("has_more").asBoolean()).isFalse();

        assertThat(changes(runner, feed.path("next_cursor").asString()).path("items"))
                .isEmpty();
    }

    @Test
    void savedRoutesAppearInTheFeedIncludingDeletion() {
        var walker = register();
        String cursor = changes(walker, null).path("next_cursor").asString();
        UUID route = walker.api()
                .post(
                        "/api/v1/routes",
                        Map.of(
                                "name",
                                "Park loop",
                                "points",
                                List.of(Map.of("lat", 52.50, "lon", 13.40), Map.of("lat", 52.51, "lon", 13.41))))
                .expect(201)
                .id();
        walker.api().delete("/api/v1/routes/" + route).expect(204);
        var seen = new ArrayList<String>();
        changes(walker, cursor)
                .path("items")
                .forEach(c -> seen.add(
                        c.path("entity").asString() + ":" + c.path("op").asString()));
        assertThat(seen).containsExactly("route:upsert", "route:delete");
    }

    @Test
    void stepsGoalsAndHandLoggedActivitiesAppearInTheFeed() {
        var person = register();
        String cursor = changes(person, null).path("next_cursor").asString();
        String yesterday =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        person.api()
                .post("/api/v1/steps/sync", Map.of("steps", List.of(Map.of("date", yesterday, "steps", 8000))))
                .expect(200);
        UUID goal = person.api()
                .post("/api/v1/goals", Map.of("title", "10k", "period", "daily", "metric", "steps", "target", 10_000))
                .expect(201)
                .id();
        person.api().delete("/api/v1/goals/" + goal).expect(204);
        var walk = new java.util.HashMap<String, Object>();
        walk.put("type", "walk");
        walk.put("name", "Evening walk");
        walk.put("started_at", start.toString());
        walk.put("duration_seconds", 1800);
        walk.put("distance_meters", 2500);
        UUID activity =
                person.api().post("/api/v1/activities", walk).expect(201).id();

        var seen = new ArrayList<String>();
        changes(person, cursor)
                .path("items")
                .forEach(c -> seen.add(c.path("entity").asString() + ":"
                        + c.path("op").asString() + ":" + c.path("id").asString()));
        assertThat(seen)
                .containsExactly(
                        "steps:upsert:" + yesterday,
                        "goal:upsert:" + goal,
                        "goal:delete:" + goal,
                        "activity:upsert:" + activity);
    }

    @Test
    void pagesWithHasMoreAndNeverShowsOtherPeoplesChanges() {
        var runner = register();
        var other = register();
        String cursor = changes(runner, null).path("next_cursor").asString();
        String otherCursor = changes(other, null).path("next_cursor").asString();
        var device = pair(runner);
        for (int i = 0; i < 3; i++) {
            device.api().post("/api/v1/device/runs", run(UUID.randomUUID(), start.minusSeconds(7200L * i)));
        }
        int count = 0;
        boolean more = true;
        while (more) {
            var page = runner.api()
                    .get("/api/v1/sync/changes?limit=2&cursor=" + cursor)
                    .expect(200)
                    .body();
            count += page.path("items").size();
            cursor = page.path("next_cursor").asString();
            more = page.path("has_more").asBoolean();
        }
        assertThat(count).isEqualTo(4); // the device and three runs
        assertThat(changes(other, otherCursor).path("items")).isEmpty();
    }

    @Test
    void changeCommittedLateByAnOlderTransactionIsNotSkipped() throws Exception {
        var runner = register();
        String cursor = changes(runner, null).path("next_cursor").asString();
        try (Connection older = dataSource.getConnection()) {
            older.setAutoCommit(false);
            try (var st = older.createStatement()) {
                st.execute("select pg_current_xact_id()"); // takes its xid now
            }
            // a newer transaction commits a change first
            insertChange(runner.id(), "newer");
            var early = changes(runner, cursor);
            assertThat(early.path("items"))
                    .as("held back while an older transaction runs")
                    .isEmpty();

            try (var ps = older.prepareStatement(
                    "insert into change_log (user_id, entity, entity_id, op) values (?, 'activity', 'older', 'upsert')")) {
                ps.setObject(1, runner.id());
                ps.executeUpdate();
            }
            older.commit();
        }
        var items = changes(runner, cursor).path("items");
        var ids = new ArrayList<String>();
        items.forEach(c -> ids.add(c.path("id").asString()));
        assertThat(ids).containsExactly("older", "newer");
    }

    @Test
    void expiredOrForeignCursorsAreRefused() {
        var runner = register();
        String cursor = changes(runner, null).path("next_cursor").asString();
        runner.api().get("/api/v1/sync/changes?cursor=garbage").problem(422, "validation_failed");

        long current = jdbc.sql("select xid::text::bigint from change_log_horizon")
                .query(Long.class)
                .single();
        jdbc.sql("update change_log_horizon set xid = (pg_current_xact_id()::text::bigint + 1000)::text::xid8")
                .update();
        try {
            runner.api().get("/api/v1/sync/changes?cursor=" + cursor).problem(410, "cursor_expired");
        } finally {
            jdbc.sql("update change_log_horizon set xid = ?::text::xid8")
                    .param(Long.toString(current))
                    .update();
        }
        api.get("/api/v1/sync/changes").problem(401, "unauthorized");
        pair(runner).api().get("/api/v1/sync/changes").problem(401, "invalid_token");
    }

    private void insertChange(UUID userId, String entityId) {
        jdbc.sql("insert into change_log (user_id, entity, entity_id, op) values (?, 'activity', ?, 'upsert')")
                .params(userId, entityId)
                .update();
    }
}
