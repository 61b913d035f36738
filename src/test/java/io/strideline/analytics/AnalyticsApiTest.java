package io.strideline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnalyticsApiTest extends ApiTest {

    @Test
    void summaryAndTrendsCountTheFleetOfMyOrganizationsOnly() {
        var owner = register();
        var stranger = register();
        UUID org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Farm"))
                .expect(201)
                .id();
        String online = sensor(owner, org, "s-1");
        sensor(owner, org, "s-2");
        pair(stranger).api().post("/api/v1/device/heartbeat", Map.of()).expect(200);

        var device = api.as(online);
        device.post("/api/v1/device/heartbeat", Map.of("battery_pct", 90)).expect(200);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // in the first minutes of a UTC day "a minute ago" is yesterday: move "now" past them
        Instant earliest = now.truncatedTo(ChronoUnit.DAYS).plusSeconds(120);
        if (now.isBefore(earliest)) {
            clock.pin(earliest);
            now = earliest;
        }
        Instant yesterday = now.minus(1, ChronoUnit.DAYS);
        device.post(
                        "/api/v1/device/readings",
                        Map.of(
                                "readings",
                                List.of(
                                        Map.of(
                                                "metric",
                                                "temperature",
                                                "value",
                                                20,
                                                "ts",
                                                now.minusSeconds(60).toString()),
                                        Map.of(
                                                "metric",
                                                "temperature",
                                                "value",
                                                22,
                                                "ts",
                                                now.minusSeconds(30).toString()),
                                        Map.of(
                                                "metric",
                                                "humidity",
                                                "value",
                                                50,
                                                "ts",
                                                now.minusSeconds(30).toString()),
                                        Map.of("metric", "temperature", "value", 10, "ts", yesterday.toString()))))
                .expect(200);
        device.post(
                        "/api/v1/device/sync-events",
                        Map.of(
                                "timestamp",
                                now.minusSeconds(10).toString(),
                                "total_files_synced",
                                1,
                                "total_errors",
                                3))
                .expect(201);

        var summary = owner.api()
                .get("/api/v1/analytics/summary?org_id=" + org + "&tz=UTC")
                .expect(200)
                .body();
        assertThat(summary.path("devices").asLong()).isEqualTo(2);
        assertThat(summary.path("devices_online").asLong()).isEqualTo(1);
        assertThat(summary.path("devices_offline").asLong()).isEqualTo(1);
        assertThat(summary.path("readings_today").asLong()).isEqualTo(3);
        assertThat(summary.path("devices_failing_sync").asLong()).isEqualTo(1);

        var trends = owner.api()
                .get("/api/v1/analytics/trends?org_id=" + org + "&metric=temperature&days=7&tz=UTC")
                .expect(200)
                .body();
        long total = 0;
        for (var day : trends.path("days")) {
            total += day.path("readings").asLong();
        }
        assertThat(total).isEqualTo(4);
        var today = trends.path("days").get(trends.path("days").size() - 1);
        assertThat(today.path("mean").asDouble()).isEqualTo(21.0);

        var strangers =
                stranger.api().get("/api/v1/analytics/summary").expect(200).body();
        assertThat(strangers.path("devices").asLong()).isEqualTo(1);
        assertThat(strangers.path("readings_today").asLong()).isZero();
        stranger.api().get("/api/v1/analytics/summary?org_id=" + org).problem(404, "not_found");
    }

    @Test
    void analyticsValidateTheirParametersAndNeedAUserToken() {
        var owner = register();
        assertThat(owner.api()
                        .get("/api/v1/analytics/trends?days=0&metric=Bad!")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("days", "metric");
        assertThat(owner.api()
                        .get("/api/v1/analytics/summary?tz=Mars/Base")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("tz");
        api.get("/api/v1/analytics/summary").problem(401, "unauthorized");
        pair(owner).api().get("/api/v1/analytics/trends").problem(401, "invalid_token");
    }

    private String sensor(Person owner, UUID org, String hardwareId) {
        return owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of(
                                "org_id",
                                org.toString(),
                                "name",
                                hardwareId,
                                "kind",
                                "sensor",
                                "hardware_id",
                                hardwareId))
                .expect(201)
                .str("device_token");
    }
}
