package io.strideline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strideline.ApiTest;
import io.strideline.device.DeviceCameOnline;
import io.strideline.device.DeviceWentOffline;
import io.strideline.sync.SyncFailureStreak;
import io.strideline.sync.SyncRecovered;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Alert rules and the alert lifecycle. The events that feed the rules are published here the way
 * their modules publish them: inside a committed transaction.
 */
class AlertApiTest extends ApiTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private UUID orgOf(Person person, Device device) {
        return UUID.fromString(
                person.api().get("/api/v1/devices/" + device.id()).expect(200).str("org_id"));
    }

    private void publish(Object event) {
        tx.executeWithoutResult(status -> events.publishEvent(event));
    }

    private JsonNode alerts(Person person, String query) {
        return person.api().get("/api/v1/alerts" + query).expect(200).body().path("items");
    }

    /** Sends temperature readings the way a device does. */
    private void readings(Device device, Object... tsAndValues) {
        var list = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < tsAndValues.length; i += 2) {
            list.add(Map.of("metric", "temperature", "ts", tsAndValues[i].toString(), "value", tsAndValues[i + 1]));
        }
        var answer = device.api()
                .post("/api/v1/device/readings", Map.of("readings", list))
                .expect(200);
        assertThat(answer.body().path("rejected").asInt()).isZero();
    }

    @Test
    void thresholdHeldForItsDurationRaisesOneAlertThatClearsItself() {
        var owner = register();
        var device = pair(owner);
        UUID rule = owner.api()
                .post(
                        "/api/v1/alert-rules",
                        Map.of(
                                "name", "Too hot",
                                "kind", "threshold",
                                "metric", "temperature",
                                "operator", ">",
                                "threshold", 30,
                                "duration_s", 60,
                                "severity", "critical"))
                .expect(201)
                .id();

        readings(device, t0, 35, t0.plusSeconds(30), 36);
        readings(device, t0.plusSeconds(10), 10); // late: the condition did not hold from t0 after all
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(alerts(owner, "?rule_id=" + rule)).isEmpty());

        readings(device, t0.plusSeconds(60), 37, t0.plusSeconds(90), 38); // held from t0+30 to t0+90
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var open = alerts(owner, "?rule_id=" + rule);
            assertThat(open).hasSize(1);
            assertThat(open.get(0).path("state").asString()).isEqualTo("active");
            assertThat(open.get(0).path("severity").asString()).isEqualTo("critical");
            assertThat(open.get(0).path("title").asString()).isEqualTo("temperature > 30");
        });

        readings(device, t0.plusSeconds(120), 39); // still too hot: no second alert
        readings(device, t0.plusSeconds(150), 20); // back to normal: cleared by itself
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var all = alerts(owner, "?rule_id=" + rule);
            assertThat(all).hasSize(1);
            assertThat(all.get(0).path("state").asString()).isEqualTo("cleared");
            assertThat(all.get(0).path("cleared_by").isNull()).isTrue();
        });
    }

    @Test
    void offlineDeviceRaisesAndComingBackClears() {
        var owner = register();
        var device = pair(owner);
        UUID org = orgOf(owner, device);
        owner.api()
                .post(
                        "/api/v1/alert-rules",
                        Map.of(
                                "name",
                                "Offline",
                                "kind",
                                "device_offline",
                                "device_id",
                                device.id().toString()))
                .expect(201);

        publish(new DeviceWentOffline(device.id(), org, t0));
        publish(new DeviceWentOffline(device.id(), org, t0));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(alerts(owner, "?state=active")).hasSize(1));

        publish(new DeviceCameOnline(device.id(), org, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(alerts(owner, "?state=active")).isEmpty();
            assertThat(alerts(owner, "?state=cleared")).hasSize(1);
        });
    }

    @Test
    void syncFailureStreakAlertsThroughTheBuiltInRule() {
        var owner = register();
        var device = pair(owner);
        UUID org = orgOf(owner, device);

        publish(new SyncFailureStreak(device.id(), org, 3, t0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var open = alerts(owner, "?state=active");
            assertThat(open).hasSize(1);
            assertThat(open.get(0).path("title").asString()).contains("sync");
        });
        var builtIn = owner.api()
                .get("/api/v1/alert-rules")
                .expect(200)
                .body()
                .path("items")
                .get(0);
        assertThat(builtIn.path("built_in").asBoolean()).isTrue();
        owner.api()
                .delete("/api/v1/alert-rules/" + builtIn.path("id").asString())
                .problem(409, "built_in_rule");

        publish(new SyncRecovered(device.id(), org, Instant.now()));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(alerts(owner, "?state=active")).isEmpty());
    }

    @Test
    void membersAcknowledgeAndClearViewersOnlyRead() {
        var owner = register();
        var viewer = register();
        var member = register();
        var stranger = register();
        UUID org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Plant"))
                .expect(201)
                .id();
        join(owner, org, viewer, "viewer");
        join(owner, org, member, "member");
        var created = owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of("org_id", org.toString(), "name", "Pump", "kind", "sensor", "hardware_id", "pump-1"))
                .expect(201);
        UUID deviceId = UUID.fromString(created.body().path("device").path("id").asString());
        owner.api()
                .post(
                        "/api/v1/alert-rules",
                        Map.of(
                                "org_id",
                                org.toString(),
                                "name",
                                "Offline sensors",
                                "kind",
                                "device_offline",
                                "device_kind",
                                "sensor"))
                .expect(201);
        viewer.api()
                .post("/api/v1/alert-rules", Map.of("org_id", org.toString(), "name", "x", "kind", "device_offline"))
                .problem(403, "forbidden");

        publish(new DeviceWentOffline(deviceId, org, t0));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(alerts(viewer, "?org_id=" + org)).hasSize(1));
        String alert = "/api/v1/alerts/"
                + alerts(viewer, "?org_id=" + org).get(0).path("id").asString();

        assertThat(viewer.api().get(alert).expect(200).str("state")).isEqualTo("active");
        viewer.api().post(alert + "/ack", Map.of()).problem(403, "forbidden");
        viewer.api().post(alert + "/clear", Map.of()).problem(403, "forbidden");
        stranger.api().post(alert + "/ack", Map.of()).problem(404, "not_found");
        stranger.api().get(alert).problem(404, "not_found");
        assertThat(stranger.api().get("/api/v1/alerts").expect(200).body().path("items"))
                .isEmpty();
        assertThat(member.api().post(alert + "/ack", Map.of()).expect(200).str("state"))
                .isEqualTo("acknowledged");
        assertThat(member.api().post(alert + "/ack", Map.of()).expect(200).str("state"))
                .isEqualTo("acknowledged");

        publish(new DeviceWentOffline(deviceId, org, t0)); // still open while acknowledged: no new alert
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from event_publication where completion_date is null")
                                .query(Long.class)
                                .single()
                        == 0);
        assertThat(jdbc.sql("select count(*) from event_publication")
                        .query(Long.class)
                        .single())
                .as("handled publications are deleted, not kept")
                .isZero();
        assertThat(alerts(owner, "?org_id=" + org)).hasSize(1);
        assertThat(member.api().post(alert + "/clear", Map.of()).expect(200).str("state"))
                .isEqualTo("cleared");
        member.api().post(alert + "/ack", Map.of()).problem(409, "alert_cleared");
        assertThat(alerts(owner, "?org_id=" + org)).hasSize(1);
    }

    @Test
    void rulesAreValidatedAndScopedToTheirOrganization() {
        var owner = register();
        var stranger = register();
        var foreignDevice = pair(stranger);
        // fields the server checks itself are named together
        assertThat(owner.api()
                        .post("/api/v1/alert-rules", Map.of("name", "bad", "kind", "threshold", "metric", "Temp!"))
                        .problem(422, "validation_failed")
                        .fields())
                .contains("metric", "operator", "threshold");
        assertThat(owner.api()
                        .post("/api/v1/alert-rules", Map.of("name", ""))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("name", "kind");
        // a value outside a closed vocabulary is a 422 naming the field and listing the values
        assertRejected(owner.api().post("/api/v1/alert-rules", Map.of("name", "x", "kind", "weather")), "kind");
        assertRejected(
                owner.api()
                        .post(
                                "/api/v1/alert-rules",
                                Map.of(
                                        "name",
                                        "x",
                                        "kind",
                                        "threshold",
                                        "metric",
                                        "t",
                                        "operator",
                                        "~",
                                        "threshold",
                                        1)),
                "operator",
                ">, >=, <, <=");
        assertRejected(
                owner.api()
                        .post(
                                "/api/v1/alert-rules",
                                Map.of("name", "x", "kind", "device_offline", "severity", "apocalyptic")),
                "severity",
                "info, warning, critical");
        owner.api()
                .post(
                        "/api/v1/alert-rules",
                        Map.of(
                                "name",
                                "spy",
                                "kind",
                                "device_offline",
                                "device_id",
                                foreignDevice.id().toString()))
                .problem(404, "not_found");
        UUID rule = owner.api()
                .post("/api/v1/alert-rules", Map.of("name", "Offline", "kind", "device_offline"))
                .expect(201)
                .id();
        assertThat(owner.api().get("/api/v1/alert-rules/" + rule).expect(200).str("kind"))
                .isEqualTo("device_offline");
        stranger.api().get("/api/v1/alert-rules/" + rule).problem(404, "not_found");
        stranger.api()
                .patch("/api/v1/alert-rules/" + rule, Map.of("enabled", false))
                .problem(404, "not_found");
        stranger.api().delete("/api/v1/alert-rules/" + rule).problem(404, "not_found");
        assertThat(owner.api()
                        .patch("/api/v1/alert-rules/" + rule, Map.of("enabled", false, "severity", "info"))
                        .expect(200)
                        .body()
                        .path("enabled")
                        .asBoolean())
                .isFalse();
        owner.api()
                .patch("/api/v1/alert-rules/" + rule, Map.of("kind", "threshold"))
                .problem(422, "validation_failed");
        assertRejected(owner.api().patch("/api/v1/alert-rules/" + rule, Map.of("severity", "loud")), "severity");
        assertRejected(owner.api().patch("/api/v1/alert-rules/" + rule, Map.of("kind", "weather")), "kind");
        owner.api().delete("/api/v1/alert-rules/" + rule).expect(204);
        owner.api().get("/api/v1/alert-rules/" + rule).problem(404, "not_found");
        api.get("/api/v1/alerts").problem(401, "unauthorized");
        foreignDevice.api().get("/api/v1/alert-rules").problem(401, "invalid_token");
        assertRejected(owner.api().get("/api/v1/alerts?state=burning"), "state", "active, acknowledged, cleared");
        assertRejected(owner.api().get("/api/v1/alerts?severity=apocalyptic"), "severity");
        assertThat(alerts(owner, "?state=cleared&severity=info")).isEmpty();
    }

    /** A 422 that names only {@code field}, saying which values it takes. */
    private static void assertRejected(io.strideline.Api.Response answer, String field, String... values) {
        answer.problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly(field);
        String message = answer.body().path("errors").get(0).path("message").asString();
        assertThat(message).startsWith("must be one of ");
        for (String v : values) {
            assertThat(message).contains(v);
        }
    }
}
