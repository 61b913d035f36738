package io.strideline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PiSync's promise end to end: three failed syncs in a row warn once, a good sync clears it. */
class SyncFailureAlertFlowTest extends ApiTest {

    @Test
    void threeFailedSyncsRaiseOneAlertAndOneNotificationAndASuccessClearsIt() {
        var owner = register();
        var box = pair(owner);
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            box.api()
                    .post(
                            "/api/v1/device/sync-events",
                            Map.of(
                                    "timestamp",
                                    t.plusSeconds(60L * i).toString(),
                                    "total_files_synced",
                                    3,
                                    "total_errors",
                                    2,
                                    "internet_speed",
                                    1.5))
                    .expect(201);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var alerts = owner.api()
                    .get("/api/v1/alerts?state=active")
                    .expect(200)
                    .body()
                    .path("items");
            assertThat(alerts).hasSize(1);
            var notes = owner.api().get("/api/v1/notifications").expect(200).body();
            assertThat(notes.path("items")).hasSize(1);
            assertThat(notes.path("unread_count").asInt()).isEqualTo(1);
        });

        box.api()
                .post(
                        "/api/v1/device/sync-events",
                        Map.of(
                                "timestamp",
                                t.plusSeconds(600).toString(),
                                "total_files_synced",
                                9,
                                "total_errors",
                                0,
                                "internet_speed",
                                12.0))
                .expect(201);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(owner.api()
                                .get("/api/v1/alerts?state=active")
                                .expect(200)
                                .body()
                                .path("items"))
                        .isEmpty());
        assertThat(owner.api().get("/api/v1/notifications").expect(200).body().path("items"))
                .hasSize(1);
    }
}
