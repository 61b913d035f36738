package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import io.strideline.platform.Secrets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class DeviceRegistrationTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private UUID fleet(Person owner) {
        return owner.api()
                .post("/api/v1/orgs", Map.of("name", "Sensors"))
                .expect(201)
                .id();
    }

    @Test
    void adminRegistersASensorThatAuthenticatesWithItsToken() {
        var owner = register();
        pair(owner); // in the personal organization: not listed under the fleet's org_id
        UUID org = fleet(owner);
        var created = owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of(
                                "org_id", org.toString(),
                                "name", "Greenhouse 1",
                                "kind", "sensor",
                                "hardware_id", "esp32-aa:bb:cc",
                                "model", "ESP32-C3",
                                "metadata", Map.of("room", "north")))
                .expect(201);
        var device = created.body().path("device");
        assertThat(device.path("org_id").asString()).isEqualTo(org.toString());
        assertThat(device.path("user_id").isNull()).isTrue();
        assertThat(device.path("metadata").path("room").asString()).isEqualTo("north");
        String token = created.str("device_token");
        assertThat(token).startsWith("sld_");
        api.as(token).get("/api/v1/device/config").expect(200);

        owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of(
                                "org_id",
                                org.toString(),
                                "name",
                                "Again",
                                "kind",
                                "sensor",
                                "hardware_id",
                                "esp32-aa:bb:cc"))
                .problem(409, "device_exists");
        assertThat(owner.api()
                        .get("/api/v1/devices?org_id=" + org)
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(1);
    }

    @Test
    void registrationIsValidatedAndNeedsAdmin() {
        var owner = register();
        var viewer = register();
        var stranger = register();
        UUID org = fleet(owner);
        join(owner, org, viewer, "viewer");

        assertThat(owner.api()
                        .post(
                                "/api/v1/devices",
                                Map.of(
                                        "org_id",
                                        org.toString(),
                                        "kind",
                                        "sensor",
                                        "hardware_id",
                                        "has space",
                                        "metadata",
                                        5))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("hardware_id", "metadata");
        var kind = owner.api()
                .post("/api/v1/devices", Map.of("org_id", org.toString(), "kind", "toaster", "hardware_id", "hw-0"))
                .problem(422, "validation_failed");
        assertThat(kind.fields()).containsExactly("kind");
        assertThat(kind.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of glasses, watch, wearable, phone, step_counter, sensor, sync_box, other");
        assertThat(owner.api()
                        .post("/api/v1/devices", Map.of("org_id", org.toString(), "hardware_id", "hw-0"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("kind");
        var body = Map.of("org_id", org.toString(), "name", "S", "kind", "sensor", "hardware_id", "hw-1");
        viewer.api().post("/api/v1/devices", body).problem(403, "forbidden");
        stranger.api().post("/api/v1/devices", body).problem(404, "not_found");
        api.post("/api/v1/devices", body).problem(401, "unauthorized");
    }

    @Test
    void rotatedOutTokenWorksDuringTheGracePeriodThenStops() {
        var owner = register();
        var device = pair(owner);
        var rotated = owner.api()
                .post("/api/v1/devices/" + device.id() + "/token:rotate", Map.of())
                .expect(200);
        String fresh = rotated.str("device_token");
        assertThat(fresh).isNotEqualTo(device.token());

        api.as(fresh).get("/api/v1/device/config").expect(200);
        device.api().get("/api/v1/device/config").expect(200);

        // the grace period (one hour) ends by the application's clock
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        device.api().get("/api/v1/device/config").problem(401, "invalid_token");
        api.as(fresh).get("/api/v1/device/config").expect(200);
    }

    private String rotate(Person owner, Device device) {
        return owner.api()
                .post("/api/v1/devices/" + device.id() + "/token:rotate", Map.of())
                .expect(200)
                .str("device_token");
    }

    private void assertWorks(String token) {
        api.as(token).get("/api/v1/device/config").expect(200);
    }

    private void assertRefused(String token) {
        api.as(token).get("/api/v1/device/config").problem(401, "invalid_token");
    }

    @Test
    void rotationKeepsOnlyTheTokenJustBeforeTheNewest() {
        var owner = register();
        var device = pair(owner);
        String first = device.token();

        String second = rotate(owner, device);
        String third = rotate(owner, device);
        String fourth = rotate(owner, device);

        assertRefused(first);
        assertRefused(second);
        assertWorks(third);
        assertWorks(fourth);
    }

    @Test
    void previousTokenIsValidForTheConfiguredGraceOfOneHour() {
        var owner = register();
        var device = pair(owner);

        rotate(owner, device);

        var expiresAt = jdbc.sql("select expires_at from device_tokens where token_hash = ?")
                .param(Secrets.sha256(device.token()))
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant();
        double secondsLeft = Duration.between(clock.instant(), expiresAt).toMillis() / 1000.0;
        assertThat(secondsLeft).isBetween(3600.0 - 120, 3600.0);
    }

    @Test
    void revokingThePreviousTokenLeavesOnlyTheNewest() {
        var owner = register();
        var device = pair(owner);
        String fresh = rotate(owner, device);
        assertWorks(device.token());

        owner.api()
                .post("/api/v1/devices/" + device.id() + "/token:revoke-previous", Map.of())
                .expect(204);

        assertRefused(device.token());
        assertWorks(fresh);
        // nothing left to revoke: still 204, and the newest keeps working
        owner.api()
                .post("/api/v1/devices/" + device.id() + "/token:revoke-previous", Map.of())
                .expect(204);
        assertWorks(fresh);
    }

    @Test
    void onlyAdminsOfTheDevicesOrganizationRevokeThePreviousToken() {
        var owner = register();
        var viewer = register();
        var stranger = register();
        UUID org = fleet(owner);
        join(owner, org, viewer, "viewer");
        var created = owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of("org_id", org.toString(), "name", "S1", "kind", "sensor", "hardware_id", "hw-r"))
                .expect(201);
        String original = created.str("device_token");
        UUID id = UUID.fromString(created.body().path("device").path("id").asString());
        owner.api().post("/api/v1/devices/" + id + "/token:rotate", Map.of()).expect(200);
        String path = "/api/v1/devices/" + id + "/token:revoke-previous";

        stranger.api().post(path, Map.of()).problem(404, "not_found");
        viewer.api().post(path, Map.of()).problem(403, "forbidden");
        api.as(original).post(path, Map.of()).problem(401, "invalid_token");
        api.post(path, Map.of()).problem(401, "unauthorized");
        assertWorks(original);
    }

    @Test
    void onlyAdminsOfTheDevicesOrganizationRotateItsToken() {
        var owner = register();
        var stranger = register();
        var device = pair(owner);
        stranger.api()
                .post("/api/v1/devices/" + device.id() + "/token:rotate", Map.of())
                .problem(404, "not_found");
        device.api()
                .post("/api/v1/devices/" + device.id() + "/token:rotate", Map.of())
                .problem(401, "invalid_token");
        device.api().get("/api/v1/device/config").expect(200);
    }

    @Test
    void membersOfAnOrganizationSeeItsDevicesAndViewersCannotChangeThem() {
        var owner = register();
        var viewer = register();
        UUID org = fleet(owner);
        join(owner, org, viewer, "viewer");
        UUID id = UUID.fromString(owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of("org_id", org.toString(), "name", "S1", "kind", "sensor", "hardware_id", "hw-9"))
                .expect(201)
                .body()
                .path("device")
                .path("id")
                .asString());

        assertThat(viewer.api().get("/api/v1/devices/" + id).expect(200).str("name"))
                .isEqualTo("S1");
        viewer.api().patch("/api/v1/devices/" + id, Map.of("name", "Mine")).problem(403, "forbidden");
        viewer.api().delete("/api/v1/devices/" + id).problem(403, "forbidden");
        assertThat(owner.api()
                        .patch("/api/v1/devices/" + id, Map.of("inactivity_timeout_seconds", 5))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("inactivity_timeout_seconds");
        assertThat(owner.api()
                        .patch("/api/v1/devices/" + id, Map.of("inactivity_timeout_seconds", 900))
                        .expect(200)
                        .body()
                        .path("inactivity_timeout_seconds")
                        .asInt())
                .isEqualTo(900);
    }

    @Test
    void theInactivityTimeoutPatchSetsCanBeGivenAtRegistrationUnderTheSameRule() {
        var owner = register();
        UUID org = fleet(owner);
        var body = new java.util.HashMap<String, Object>(
                Map.of("org_id", org.toString(), "kind", "sensor", "hardware_id", "hw-timeout"));
        body.put("inactivity_timeout_seconds", 5);
        assertThat(owner.api()
                        .post("/api/v1/devices", body)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("inactivity_timeout_seconds");
        assertThat(owner.api()
                        .get("/api/v1/devices?org_id=" + org)
                        .expect(200)
                        .body()
                        .path("items"))
                .as("nothing registered")
                .isEmpty();
        body.put("inactivity_timeout_seconds", 900);
        var created = owner.api().post("/api/v1/devices", body).expect(201).body();
        assertThat(created.path("device").path("inactivity_timeout_seconds").asInt())
                .isEqualTo(900);
        String id = created.path("device").path("id").asString();
        assertThat(owner.api()
                        .get("/api/v1/devices/" + id + "/status")
                        .expect(200)
                        .body()
                        .path("inactivity_timeout_seconds")
                        .asInt())
                .isEqualTo(900);
    }

    @Test
    void sensorOfAnOrganizationCannotUploadRuns() {
        var owner = register();
        UUID org = fleet(owner);
        String token = owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of("org_id", org.toString(), "name", "S1", "kind", "sensor", "hardware_id", "hw-7"))
                .expect(201)
                .str("device_token");
        api.as(token)
                .post(
                        "/api/v1/device/runs",
                        run(UUID.randomUUID(), java.time.Instant.now().minusSeconds(7200)))
                .problem(403, "not_a_personal_device");
    }
}
