package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Modules working together around one device: health from sync, offline alerts from the job. */
class FleetFlowTest extends ApiTest {

    @Autowired
    DeviceOpsService ops;

    @Test
    void healthShowsTheLastSyncReportedByTheSyncModule() {
        var owner = register();
        var box = pair(owner);
        Instant at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        box.api()
                .post(
                        "/api/v1/device/sync-events",
                        Map.of(
                                "timestamp",
                                at.toString(),
                                "total_files_synced",
                                4,
                                "total_errors",
                                1,
                                "internet_speed",
                                2.0))
                .expect(201);
        var health = owner.api()
                .get("/api/v1/devices/" + box.id() + "/health")
                .expect(200)
                .body();
        assertThat(health.path("last_sync").path("failed").asBoolean()).isTrue();
        assertThat(health.path("consecutive_sync_failures").asInt()).isEqualTo(1);
    }

    @Test
    void deviceGoingOfflineRaisesAnOfflineAlertThatClearsWhenItIsBack() {
        var owner = register();
        var sensor = pair(owner);
        owner.api()
                .post("/api/v1/alert-rules", Map.of("name", "Offline", "kind", "device_offline"))
                .expect(201);
        sensor.api().post("/api/v1/device/heartbeat", Map.of("battery_pct", 80)).expect(200);
        // past the default inactivity timeout (300 s) by the application's clock
        clock.advance(Duration.ofMinutes(6));

        ops.markOfflineDevices();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(owner.api()
                                .get("/api/v1/alerts?state=active&device_id=" + sensor.id())
                                .expect(200)
                                .body()
                                .path("items"))
                        .hasSize(1));
        assertThat(owner.api()
                        .get("/api/v1/devices/" + sensor.id() + "/status")
                        .expect(200)
                        .body()
                        .path("online")
                        .asBoolean())
                .isFalse();

        sensor.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(owner.api()
                                .get("/api/v1/alerts?state=active&device_id=" + sensor.id())
                                .expect(200)
                                .body()
                                .path("items"))
                        .isEmpty());
    }
}
