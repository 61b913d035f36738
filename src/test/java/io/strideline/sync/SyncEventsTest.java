package io.strideline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class SyncEventsTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SyncHealth health;

    private final Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    static Map<String, Object> sync(Instant timestamp, long errors) {
        var body = new LinkedHashMap<String, Object>();
        body.put("timestamp", timestamp.toString());
        body.put("total_files_synced", 20);
        body.put("total_errors", errors);
        body.put("internet_speed", 3.2);
        return body;
    }

    @Test
    void storesASyncAndAnswersTheSameTimestampAgainWithTheStoredOne() {
        var device = pair(register());
        var first =
                device.api().post("/api/v1/device/sync-events", sync(base, 1)).expect(201);
        assertThat(first.str("device_id")).isEqualTo(device.id().toString());
        assertThat(Instant.parse(first.str("timestamp"))).isEqualTo(base);
        assertThat(first.body().path("failed").asBoolean()).isTrue();
        assertThat(first.body().path("total_errors").asLong()).isEqualTo(1);
        assertThat(first.body().path("internet_speed").asDouble()).isEqualTo(3.2);
        assertThat(first.str("received_at")).isNotBlank();

        var changed = sync(base, 0);
        changed.put("total_files_synced", 99);
        var again = device.api().post("/api/v1/device/sync-events", changed).expect(200);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.body().path("total_files_synced").asLong()).isEqualTo(20);
        assertThat(again.body().path("failed").asBoolean()).isTrue();
        assertThat(count(device.id())).isEqualTo(1);
    }

    @Test
    void acceptsThePiSyncShapeIgnoringItsDeviceIdBecauseTheTokenNamesTheDevice() {
        var device = pair(register());
        var body = sync(base, 1);
        body.put("device_id", "abc123");
        var r = device.api().post("/api/v1/device/sync-events", body).expect(201);
        assertThat(r.str("device_id")).isEqualTo(device.id().toString());
    }

    @Test
    void sameTimestampWithAnotherOffsetIsTheSameSync() {
        var device = pair(register());
        device.api().post("/api/v1/device/sync-events", sync(base, 0)).expect(201);
        var shifted = sync(base, 0);
        shifted.put("timestamp", base.atOffset(java.time.ZoneOffset.ofHours(2)).toString());
        device.api().post("/api/v1/device/sync-events", shifted).expect(200);
    }

    @Test
    void acceptsASuccessfulSyncWithoutInternetSpeed() {
        var device = pair(register());
        var body = sync(base, 0);
        body.remove("internet_speed");
        var r = device.api().post("/api/v1/device/sync-events", body).expect(201);
        assertThat(r.body().path("failed").asBoolean()).isFalse();
        assertThat(r.body().path("internet_speed").isNull()).isTrue();
    }

    @Test
    void rejectsInvalidReportNamingEveryBadField() {
        var device = pair(register());
        var bad = new LinkedHashMap<String, Object>();
        bad.put("timestamp", Instant.now().plus(10, ChronoUnit.MINUTES).toString());
        bad.put("total_files_synced", -1);
        bad.put("total_errors", -2);
        bad.put("internet_speed", -0.5);
        var problem = device.api().post("/api/v1/device/sync-events", bad).problem(422, "validation_failed");
        assertThat(problem.fields())
                .containsExactlyInAnyOrder("timestamp", "total_files_synced", "total_errors", "internet_speed");

        var missing = device.api().post("/api/v1/device/sync-events", Map.of()).problem(422, "validation_failed");
        assertThat(missing.fields()).contains("timestamp", "total_files_synced", "total_errors");
        assertThat(count(device.id())).isZero();
    }

    @Test
    void acceptsATimestampJustInsideTheClockSkew() {
        var device = pair(register());
        device.api()
                .post("/api/v1/device/sync-events", sync(Instant.now().plus(4, ChronoUnit.MINUTES), 0))
                .expect(201);
    }

    @Test
    void rejectsWrongTypesAsMalformed() {
        var device = pair(register());
        var bad = sync(base, 0);
        bad.put("total_errors", "many");
        var problem = device.api().post("/api/v1/device/sync-events", bad).problem(400, "malformed_request");
        assertThat(problem.fields()).containsExactly("total_errors");

        var badTime = sync(base, 0);
        badTime.put("timestamp", "yesterday");
        assertThat(device.api()
                        .post("/api/v1/device/sync-events", badTime)
                        .problem(400, "malformed_request")
                        .fields())
                .containsExactly("timestamp");
    }

    @Test
    void needsADeviceToken() {
        var person = register();
        var device = pair(person);
        api.anonymous().post("/api/v1/device/sync-events", sync(base, 0)).expect(401);
        person.api().post("/api/v1/device/sync-events", sync(base, 0)).expect(401);
        api.as("sld_not-a-real-token")
                .post("/api/v1/device/sync-events", sync(base, 0))
                .expect(401);
        person.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", List.of(sync(base, 0))))
                .expect(401);
        assertThat(count(device.id())).isZero();
    }

    @Test
    void batchStoresTheGoodEventsAndReportsEachBadOne() {
        var device = pair(register());
        device.api().post("/api/v1/device/sync-events", sync(base, 0)).expect(201);
        var negative = sync(base.plusSeconds(20), 0);
        negative.put("total_errors", -1);
        var wrongType = sync(base.plusSeconds(30), 0);
        wrongType.put("internet_speed", "fast");
        var events = new ArrayList<Object>();
        events.add(sync(base.plusSeconds(10), 2)); // 0 created
        events.add(negative); // 1 rejected 422
        events.add(wrongType); // 2 rejected 400
        events.add(sync(base, 5)); // 3 duplicate of the single upload
        events.add(sync(base.plusSeconds(40), 0)); // 4 created
        events.add(sync(base.plusSeconds(10), 0)); // 5 duplicate inside the batch
        events.add("not an object"); // 6 rejected 400

        var r = device.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", events))
                .expect(200)
                .body();

        assertThat(r.path("created").asInt()).isEqualTo(2);
        assertThat(r.path("duplicates").asInt()).isEqualTo(2);
        assertThat(r.path("rejected").asInt()).isEqualTo(3);
        var results = r.path("results");
        assertThat(results.get(0).path("status").asString()).isEqualTo("created");
        assertThat(results.get(0).path("failed").asBoolean()).isTrue();
        assertThat(results.get(1).path("status").asString()).isEqualTo("rejected");
        assertThat(results.get(1).path("problem").path("status").asInt()).isEqualTo(422);
        assertThat(results.get(1)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("total_errors");
        assertThat(results.get(2).path("problem").path("code").asString()).isEqualTo("malformed_request");
        assertThat(results.get(2)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("internet_speed");
        assertThat(results.get(3).path("status").asString()).isEqualTo("duplicate");
        assertThat(results.get(4).path("status").asString()).isEqualTo("created");
        assertThat(results.get(5).path("status").asString()).isEqualTo("duplicate");
        assertThat(results.get(5).path("id").asString())
                .isEqualTo(results.get(0).path("id").asString());
        assertThat(results.get(6).path("status").asString()).isEqualTo("rejected");
        for (int i = 0; i < events.size(); i++) {
            assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
        }
        assertThat(count(device.id())).isEqualTo(3);

        // the whole batch again changes nothing
        var again = device.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", events))
                .expect(200)
                .body();
        assertThat(again.path("created").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(4);
        assertThat(count(device.id())).isEqualTo(3);
    }

    @Test
    void batchMustHoldOneTo500Events() {
        var device = pair(register());
        assertThat(device.api()
                        .post("/api/v1/device/sync-events:batch", Map.of("events", List.of()))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("events");
        assertThat(device.api()
                        .post("/api/v1/device/sync-events:batch", Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("events");
        var many = new ArrayList<Object>();
        for (int i = 0; i < 501; i++) {
            many.add(sync(base.plusSeconds(i), 0));
        }
        assertThat(device.api()
                        .post("/api/v1/device/sync-events:batch", Map.of("events", many))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("events");
        assertThat(count(device.id())).isZero();
    }

    @Test
    void historyIsNewestFirstByDeviceTimestampInCursorPages() {
        var owner = register();
        var device = pair(owner);
        var events = new ArrayList<Object>();
        for (int i = 0; i < 55; i++) {
            events.add(sync(base.plusSeconds(60L * i), i % 2));
        }
        Collections.shuffle(events); // arrival order is not history order
        device.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", events))
                .expect(200);

        var first = owner.api()
                .get("/api/v1/devices/" + device.id() + "/sync-history")
                .expect(200)
                .body();
        var items = first.path("items");
        assertThat(items.size()).isEqualTo(50);
        assertThat(Instant.parse(items.get(0).path("timestamp").asString())).isEqualTo(base.plusSeconds(60L * 54));
        for (int i = 1; i < items.size(); i++) {
            assertThat(Instant.parse(items.get(i).path("timestamp").asString()))
                    .isBefore(Instant.parse(items.get(i - 1).path("timestamp").asString()));
        }
        assertThat(items.get(0).path("received_at").asString()).isNotBlank();
        String cursor = first.path("next_cursor").asString();
        assertThat(cursor).isNotBlank();

        var second = owner.api()
                .get("/api/v1/devices/" + device.id() + "/sync-history?cursor=" + cursor)
                .expect(200)
                .body();
        assertThat(second.path("items").size()).isEqualTo(5);
        assertThat(Instant.parse(second.path("items").get(4).path("timestamp").asString()))
                .isEqualTo(base);
        assertThat(second.path("next_cursor").isNull()).isTrue();

        var small = owner.api()
                .get("/api/v1/devices/" + device.id() + "/sync-history?limit=3")
                .expect(200)
                .body();
        assertThat(small.path("items").size()).isEqualTo(3);
    }

    @Test
    void historyOfSomeoneElsesDeviceIsNotFound() {
        var owner = register();
        var device = pair(owner);
        device.api().post("/api/v1/device/sync-events", sync(base, 0)).expect(201);
        var stranger = register();
        stranger.api().get("/api/v1/devices/" + device.id() + "/sync-history").problem(404, "not_found");
        owner.api()
                .get("/api/v1/devices/" + UUID.randomUUID() + "/sync-history")
                .problem(404, "not_found");
        api.anonymous().get("/api/v1/devices/" + device.id() + "/sync-history").expect(401);
        device.api().get("/api/v1/devices/" + device.id() + "/sync-history").expect(401);
        assertThat(owner.api()
                        .get("/api/v1/devices/" + device.id() + "/sync-history?limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        owner.api()
                .get("/api/v1/devices/" + device.id() + "/sync-history?cursor=garbage")
                .problem(422, "validation_failed");
    }

    @Test
    void healthShowsTheLastSyncByDeviceTimestampAndTheStreak() {
        var device = pair(register());
        assertThat(health.healthOf(device.id())).isEmpty();

        device.api()
                .post("/api/v1/device/sync-events", sync(base.plusSeconds(100), 0))
                .expect(201);
        device.api()
                .post("/api/v1/device/sync-events", sync(base.plusSeconds(200), 4))
                .expect(201);
        device.api()
                .post("/api/v1/device/sync-events", sync(base.plusSeconds(300), 2))
                .expect(201);
        // late, older than the latest: not the last sync
        device.api()
                .post("/api/v1/device/sync-events", sync(base.plusSeconds(50), 0))
                .expect(201);

        var h = health.healthOf(device.id());
        assertThat(h).containsEntry("consecutive_sync_failures", 2);
        @SuppressWarnings("unchecked")
        var last = (Map<String, Object>) h.get("last_sync");
        assertThat(last)
                .containsEntry("timestamp", base.plusSeconds(300))
                .containsEntry("failed", true)
                .containsEntry("total_errors", 2L);
    }

    private long count(UUID deviceId) {
        return jdbc.sql("select count(*) from sync_events where device_id = ?")
                .param(deviceId)
                .query(Long.class)
                .single();
    }
}
