package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The whole RunSight story over HTTP: register, pair glasses, upload offline runs, read history and stats. */
class RunSightFlowTest extends ApiTest {

    @Test
    void runnerPairsGlassesUploadsRunsAndSeesHistoryAndStats() {
        var runner = register();
        var glasses = pair(runner, "GLASSES-0001");

        glasses.api().get("/api/v1/device/config").expect(200);

        Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var clientId = UUID.randomUUID();
        var body = run(clientId, start);
        body.put(
                "track",
                Map.of(
                        "t", List.of(0, 1, 2, 3),
                        "lat", List.of(52.52, 52.5201, 52.5202, 52.5203),
                        "lon", List.of(13.405, 13.405, 13.4051, 13.4052),
                        "ele", List.of(34.0, 34.5, 35.0, 35.2),
                        "hr", List.of(120, 125, 130, 131)));

        var created = glasses.api().post("/api/v1/device/runs", body).expect(201);
        UUID runId = created.id();
        assertThat(created.body().path("has_track").asBoolean()).isTrue();
        assertThat(created.body().path("device_id").asString())
                .isEqualTo(glasses.id().toString());

        // the device retries the same upload after a lost answer: same run, nothing duplicated
        var again = glasses.api().post("/api/v1/device/runs", body).expect(200);
        assertThat(again.id()).isEqualTo(runId);

        var history = runner.api().get("/api/v1/activities").expect(200);
        assertThat(history.body().path("items")).hasSize(1);
        assertThat(history.body().path("next_cursor").isNull()).isTrue();
        assertThat(history.body()
                        .path("items")
                        .get(0)
                        .path("ai_metrics")
                        .path("obstacles_detected")
                        .asInt())
                .isEqualTo(4);

        var detail = runner.api()
                .get("/api/v1/activities/" + runId + "?include=streams")
                .expect(200);
        assertThat(detail.body().path("streams").path("lat")).hasSize(4);
        assertThat(detail.body().path("streams").path("hr").get(3).asInt()).isEqualTo(131);

        var stats = runner.api().get("/api/v1/stats").expect(200).body();
        assertThat(stats.path("totals").path("activities").asLong()).isEqualTo(1);
        assertThat(stats.path("totals").path("distance_meters").asDouble()).isEqualTo(5000.0);
        assertThat(stats.path("totals").path("obstacles_detected").asLong()).isEqualTo(4);
        assertThat(stats.path("totals").path("mean_lane_keeping_accuracy").asDouble())
                .isEqualTo(0.9);
        assertThat(stats.path("weekly").get(0).path("totals").path("activities").asLong())
                .isEqualTo(1);
        assertThat(stats.path("personal_bests")
                        .path("longest_run")
                        .path("activity_id")
                        .asString())
                .isEqualTo(runId.toString());
        assertThat(stats.path("personal_bests")
                        .path("fastest_pace")
                        .path("pace_seconds_per_km")
                        .asDouble())
                .isEqualTo(360.0);
    }
}
