package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class RunUploadTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private final Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void reuploadWithSameClientIdChangesNothing() {
        var runner = register();
        var device = pair(runner);
        var clientId = UUID.randomUUID();
        UUID id = device.api()
                .post("/api/v1/device/runs", run(clientId, start))
                .expect(201)
                .id();

        var changed = run(clientId, start);
        changed.put("title", "Edited on the device");
        var again = device.api().post("/api/v1/device/runs", changed).expect(200);

        assertThat(again.id()).isEqualTo(id);
        assertThat(again.str("title")).isEqualTo("Morning run");
        assertThat(rows("select count(*) from activities where user_id = ?", runner.id()))
                .isEqualTo(1);
        var stats = runner.api().get("/api/v1/stats").expect(200).body();
        assertThat(stats.path("totals").path("activities").asLong()).isEqualTo(1);
    }

    @Test
    void sameClientIdFromAnotherDeviceIsAnotherRun() {
        var runner = register();
        var clientId = UUID.randomUUID();
        pair(runner).api().post("/api/v1/device/runs", run(clientId, start)).expect(201);
        pair(runner).api().post("/api/v1/device/runs", run(clientId, start)).expect(201);
        assertThat(rows("select count(*) from activities where user_id = ?", runner.id()))
                .isEqualTo(2);
    }

    @Test
    void rejectsInvalidRunNamingEveryBadField() {
        var device = pair(register());
        var bad = run(UUID.randomUUID(), start);
        bad.put("ended_at", start.minusSeconds(10).toString());
        bad.put("duration_seconds", -5);
        bad.put("distance_meters", -1);
        bad.put("avg_heart_rate", 400);
        bad.put("max_speed_kmh", 500);
        bad.put("ai_metrics", Map.of("lane_keeping_accuracy", 1.5, "obstacles_detected", -1));

        var problem = device.api().post("/api/v1/device/runs", bad).problem(422, "validation_failed");

        assertThat(problem.fields())
                .contains(
                        "ended_at",
                        "duration_seconds",
                        "distance_meters",
                        "avg_heart_rate",
                        "max_speed_kmh",
                        "ai_metrics.lane_keeping_accuracy",
                        "ai_metrics.obstacles_detected");
    }

    @Test
    void rejectsTimestampsMoreThanFiveMinutesInTheFuture() {
        var device = pair(register());
        var future = run(UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.HOURS));
        assertThat(device.api()
                        .post("/api/v1/device/runs", future)
                        .problem(422, "validation_failed")
                        .fields())
                .contains("started_at", "ended_at");
    }

    @Test
    void rejectsMissingClientIdAndRequiredFields() {
        var device = pair(register());
        var problem = device.api().post("/api/v1/device/runs", Map.of()).problem(422, "validation_failed");
        assertThat(problem.fields())
                .contains("client_id", "started_at", "ended_at", "duration_seconds", "distance_meters");
    }

    @Test
    void rejectsNonNumericTrackValuesAsMalformed() {
        var device = pair(register());
        var body = run(UUID.randomUUID(), start);
        body.put("track", Map.of("t", List.of(0, 1), "lat", List.of(1.0, "north"), "lon", List.of(2.0, 2.0)));
        var problem = device.api().post("/api/v1/device/runs", body).problem(400, "malformed_request");
        assertThat(problem.fields()).containsExactly("track.lat[1]");
    }

    @Test
    void rejectsTrackWithMismatchedLengthsOrOutOfRangeCoordinates() {
        var device = pair(register());
        var body = run(UUID.randomUUID(), start);
        body.put("track", Map.of("t", List.of(0, 1, 2), "lat", List.of(1.0, 95.0, 1.0), "lon", List.of(2.0, 2.0)));
        var problem = device.api().post("/api/v1/device/runs", body).problem(422, "validation_failed");
        assertThat(problem.fields()).contains("track.lon", "track.lat[1]");
        assertThat(rows("select count(*) from activities where device_id = ?", device.id()))
                .as("nothing half-written")
                .isZero();
    }

    @Test
    void rejectsOverflowingNumbers() {
        var device = pair(register());
        String json = "{\"client_id\":\"" + UUID.randomUUID() + "\",\"started_at\":\"" + start + "\",\"ended_at\":\""
                + start.plusSeconds(60) + "\",\"duration_seconds\":60,\"distance_meters\":1e400}";
        var problem = device.api().post("/api/v1/device/runs", json);
        assertThat(problem.status()).isBetween(400, 422);
        assertThat(problem.body().path("code").asString()).isIn("validation_failed", "malformed_request");
    }

    @Test
    void storesTenHourTrackAsStreams() {
        var runner = register();
        var device = pair(runner);
        int n = 36_000;
        var t = new ArrayList<Integer>(n);
        var lat = new ArrayList<Double>(n);
        var lon = new ArrayList<Double>(n);
        var hr = new ArrayList<Integer>(n);
        for (int i = 0; i < n; i++) {
            t.add(i);
            lat.add(48.0 + i * 1e-6);
            lon.add(11.0 + i * 1e-6);
            hr.add(120 + i % 60);
        }
        var body = run(UUID.randomUUID(), start.minus(12, ChronoUnit.HOURS));
        body.put("ended_at", start.minus(12, ChronoUnit.HOURS).plusSeconds(n).toString());
        body.put("duration_seconds", n);
        body.put("distance_meters", 80_000.0);
        body.put("track", Map.of("t", t, "lat", lat, "lon", lon, "hr", hr));

        UUID id = device.api().postGzip("/api/v1/device/runs", body).expect(201).id();

        assertThat(rows("select cardinality(lat) from activity_streams where activity_id = ?", id))
                .isEqualTo(n);
        var detail = runner.api()
                .get("/api/v1/activities/" + id + "?include=streams")
                .expect(200);
        assertThat(detail.body().path("streams").path("t")).hasSize(n);
    }

    @Test
    void rejectsTrackOverThirtySixThousandPoints() {
        var device = pair(register());
        var body = run(UUID.randomUUID(), start);
        var many = Collections.nCopies(36_001, 1.0);
        body.put("track", Map.of("t", many, "lat", many, "lon", many));
        assertThat(device.api()
                        .post("/api/v1/device/runs", body)
                        .problem(422, "validation_failed")
                        .fields())
                .contains("track.t");
    }

    @Test
    void batchAcceptsGoodRunsAndRejectsBadOnesWithReasons() {
        var runner = register();
        var device = pair(runner);
        var first = UUID.randomUUID();
        device.api().post("/api/v1/device/runs", run(first, start)).expect(201);
        var bad = run(UUID.randomUUID(), start);
        bad.put("distance_meters", -3);

        var result = device.api()
                .post(
                        "/api/v1/device/runs:batch",
                        Map.of(
                                "runs",
                                List.of(
                                        run(UUID.randomUUID(), start.minusSeconds(7200)),
                                        run(first, start),
                                        bad,
                                        Map.of("client_id", 42, "started_at", "yesterday"),
                                        run(UUID.randomUUID(), start.minusSeconds(3600)))))
                .expect(200)
                .body();

        assertThat(result.path("created").asInt()).isEqualTo(2);
        assertThat(result.path("duplicates").asInt()).isEqualTo(1);
        assertThat(result.path("rejected").asInt()).isEqualTo(2);
        var items = result.path("results");
        assertThat(items.get(0).path("status").asString()).isEqualTo("created");
        assertThat(items.get(1).path("status").asString()).isEqualTo("duplicate");
        assertThat(items.get(2).path("status").asString()).isEqualTo("rejected");
        assertThat(items.get(2)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("distance_meters");
        assertThat(items.get(3).path("problem").path("code").asString()).isEqualTo("malformed_request");
        assertThat(items.get(4).path("status").asString()).isEqualTo("created");
        assertThat(rows("select count(*) from activities where user_id = ?", runner.id()))
                .isEqualTo(3);
    }

    @Test
    void batchRefusesMoreThanFiftyRuns() {
        var device = pair(register());
        var runs = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 51; i++) {
            runs.add(run(UUID.randomUUID(), start.minusSeconds(3600L * i)));
        }
        assertThat(device.api()
                        .post("/api/v1/device/runs:batch", Map.of("runs", runs))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("runs");
        assertThat(device.api()
                        .post("/api/v1/device/runs:batch", Map.of("runs", List.of()))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("runs");
    }

    @Test
    void uploadNeedsADeviceToken() {
        var runner = register();
        var body = run(UUID.randomUUID(), start);
        api.post("/api/v1/device/runs", body).problem(401, "unauthorized");
        runner.api().post("/api/v1/device/runs", body).problem(401, "invalid_token");
        api.as("sld_not-a-real-token").post("/api/v1/device/runs", body).problem(401, "invalid_token");
        runner.api()
                .post("/api/v1/device/runs:batch", Map.of("runs", List.of(body)))
                .problem(401, "invalid_token");
    }

    @Test
    void runBelongsToTheDevicesOwnerOnly() {
        var owner = register();
        var other = register();
        UUID id = pair(owner)
                .api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), start))
                .expect(201)
                .id();
        other.api().get("/api/v1/activities/" + id).problem(404, "not_found");
        assertThat(other.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void rejectsNulCharactersNamingTheField() {
        var runner = register();
        var device = pair(runner);
        var bad = run(UUID.randomUUID(), start);
        bad.put("title", "morning\u0000run");
        assertThat(device.api()
                        .post("/api/v1/device/runs", bad)
                        .problem(400, "malformed_request")
                        .fields())
                .containsExactly("title");

        var result = device.api()
                .post(
                        "/api/v1/device/runs:batch",
                        Map.of(
                                "runs",
                                List.of(
                                        run(UUID.randomUUID(), start),
                                        bad,
                                        run(UUID.randomUUID(), start.minusSeconds(7200)))))
                .expect(200)
                .body();
        assertThat(result.path("created").asInt()).isEqualTo(2);
        assertThat(result.path("results").get(1).path("problem").path("code").asString())
                .isEqualTo("malformed_request");
    }

    @Test
    void rejectsDistanceWithoutDurationAndSuperhumanSpeed() {
        var device = pair(register());
        var instant = run(UUID.randomUUID(), start);
        instant.put("duration_seconds", 0);
        assertThat(device.api()
                        .post("/api/v1/device/runs", instant)
                        .problem(422, "validation_failed")
                        .fields())
                .contains("distance_meters");
        var fast = run(UUID.randomUUID(), start);
        fast.put("distance_meters", 1000.0);
        fast.put("duration_seconds", 60);
        assertThat(device.api()
                        .post("/api/v1/device/runs", fast)
                        .problem(422, "validation_failed")
                        .fields())
                .contains("distance_meters");
    }

    private long rows(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }
}
