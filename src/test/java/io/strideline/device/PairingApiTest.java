package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Pairing over HTTP: codes, their status, claiming them, and what re-pairing does to tokens. */
class PairingApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private String issueCode(Person person) {
        return person.api().post("/api/v1/pairing/codes", Map.of()).expect(201).str("code");
    }

    private static Map<String, Object> claimBody(String code, String hardwareId, String kind) {
        var body = new LinkedHashMap<String, Object>();
        body.put("code", code);
        body.put("hardware_id", hardwareId);
        body.put("kind", kind);
        body.put("model", "RunSight G1");
        body.put("firmware_version", "1.4.2");
        return body;
    }

    private Api.Response claim(String code, String hardwareId) {
        return api.anonymous().post("/api/v1/pairing/claim", claimBody(code, hardwareId, "glasses"));
    }

    private static String hardware() {
        return "HW-" + UUID.randomUUID();
    }

    /** Six digits that no live or spent code in the database holds right now. */
    private String unusedCode() {
        while (true) {
            String code = "%06d".formatted(ThreadLocalRandom.current().nextInt(1_000_000));
            long taken = jdbc.sql("select count(*) from pairing_codes where code = ?")
                    .param(code)
                    .query(Long.class)
                    .single();
            if (taken == 0) {
                return code;
            }
        }
    }

    /** Moves the application's clock past the code's five minutes: no SQL, the rule reads that clock. */
    private void expireCodeOf(Person person) {
        var expiresAt = Instant.parse(
                person.api().get("/api/v1/pairing/codes/current").expect(200).str("expires_at"));
        clock.pin(expiresAt.plusSeconds(1));
    }

    @Test
    void issuedCodeIsSixDigitsValidForFiveMinutes() {
        var person = register();

        var issued = person.api().post("/api/v1/pairing/codes", Map.of()).expect(201);

        assertThat(issued.str("code")).matches("\\d{6}");
        Instant expiresAt = Instant.parse(issued.str("expires_at"));
        assertThat(expiresAt).isCloseTo(Instant.now().plus(5, ChronoUnit.MINUTES), within(30, ChronoUnit.SECONDS));
    }

    @Test
    void currentCodeIsPendingUntilClaimedThenClaimedWithTheDevice() {
        var person = register();
        String code = issueCode(person);

        var pending = person.api().get("/api/v1/pairing/codes/current").expect(200);
        assertThat(pending.str("status")).isEqualTo("pending");
        assertThat(pending.str("code")).isEqualTo(code);
        assertThat(pending.body().path("device").isMissingNode()
                        || pending.body().path("device").isNull())
                .isTrue();

        String hardwareId = hardware();
        var claimed = claim(code, hardwareId).expect(201);
        String deviceId = claimed.body().path("device").path("id").asString();

        var status = person.api().get("/api/v1/pairing/codes/current").expect(200);
        assertThat(status.str("status")).isEqualTo("claimed");
        assertThat(status.str("code")).isEqualTo(code);
        assertThat(status.body().path("device").path("id").asString()).isEqualTo(deviceId);
        assertThat(status.body().path("device").path("hardware_id").asString()).isEqualTo(hardwareId);
    }

    @Test
    void currentCodeIsNotFoundBeforeAnyCodeWasIssued() {
        var person = register();

        person.api().get("/api/v1/pairing/codes/current").problem(404, "not_found");
    }

    @Test
    void claimAnswersDeviceTokenAndDevice() {
        var person = register();
        String code = issueCode(person);
        String hardwareId = hardware();

        var claimed = claim(code, hardwareId).expect(201);

        assertThat(claimed.str("device_token")).startsWith("sld_").hasSizeGreaterThan(20);
        var device = claimed.body().path("device");
        assertThat(UUID.fromString(device.path("id").asString())).isNotNull();
        assertThat(device.path("kind").asString()).isEqualTo("glasses");
        assertThat(device.path("name").asString()).isEqualTo("RunSight G1");
        assertThat(device.path("hardware_id").asString()).isEqualTo(hardwareId);
        assertThat(device.path("model").asString()).isEqualTo("RunSight G1");
        assertThat(device.path("firmware_version").asString()).isEqualTo("1.4.2");
        assertThat(device.path("paired_at").asString()).isNotBlank();

        // the token works on device endpoints, and the device belongs to the person
        api.as(claimed.str("device_token")).get("/api/v1/device/config").expect(200);
        person.api().get("/api/v1/devices/" + device.path("id").asString()).expect(200);
    }

    @Test
    void newCodeReplacesThePreviousOne() {
        var person = register();
        String first = issueCode(person);
        String second = issueCode(person);
        assertThat(second).isNotEqualTo(first);

        claim(first, hardware()).problem(400, "pairing_code_invalid");

        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("code"))
                .isEqualTo(second);
        claim(second, hardware()).expect(201);
    }

    @Test
    void codeWorksOnlyOnce() {
        var person = register();
        String code = issueCode(person);
        claim(code, hardware()).expect(201);

        claim(code, hardware()).problem(400, "pairing_code_invalid");

        assertThat(person.api().get("/api/v1/devices").expect(200).body().path("items"))
                .hasSize(1);
    }

    @Test
    void wrongCodeIsInvalid() {
        var person = register();
        issueCode(person);

        claim(unusedCode(), hardware()).problem(400, "pairing_code_invalid");

        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("status"))
                .isEqualTo("pending");
    }

    @Test
    void expiredCodeIsGoneAndReportedExpired() {
        var person = register();
        String code = issueCode(person);
        expireCodeOf(person);

        claim(code, hardware()).problem(410, "pairing_code_expired");

        var status = person.api().get("/api/v1/pairing/codes/current").expect(200);
        assertThat(status.str("status")).isEqualTo("expired");
        assertThat(status.str("code")).isEqualTo(code);
        assertThat(person.api().get("/api/v1/devices").expect(200).body().path("items"))
                .isEmpty();
    }

    /** The expiry is the application's clock, to the second: pending just before, expired at it. */
    @Test
    void codeExpiresExactlyWhenTheApplicationClockPassesItsExpiry() {
        var person = register();
        String code = issueCode(person);
        var expiresAt = Instant.parse(
                person.api().get("/api/v1/pairing/codes/current").expect(200).str("expires_at"));

        clock.pin(expiresAt.minusSeconds(2));
        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("status"))
                .isEqualTo("pending");

        clock.pin(expiresAt);
        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("status"))
                .isEqualTo("expired");
        claim(code, hardware()).problem(410, "pairing_code_expired");
    }

    @Test
    void claimValidationNamesEachBadField() {
        var person = register();
        String code = issueCode(person);

        assertThat(api.anonymous()
                        .post("/api/v1/pairing/claim", claimBody("12ab56", hardware(), "glasses"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("code");
        assertThat(api.anonymous()
                        .post("/api/v1/pairing/claim", claimBody(code, "has space", "glasses"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("hardware_id");
        var toaster = api.anonymous()
                .post("/api/v1/pairing/claim", claimBody(code, hardware(), "toaster"))
                .problem(422, "validation_failed");
        assertThat(toaster.fields()).containsExactly("kind");
        assertThat(toaster.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of glasses, watch, wearable, phone, step_counter, sensor, sync_box, other");

        assertThat(api.anonymous()
                        .post("/api/v1/pairing/claim", claimBody("12ab56", "has space", "glasses"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("code", "hardware_id");
        assertThat(api.anonymous()
                        .post("/api/v1/pairing/claim", Map.of("code", code))
                        .problem(422, "validation_failed")
                        .fields())
                .contains("hardware_id", "kind");

        // invalid claims do not spend the code
        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("status"))
                .isEqualTo("pending");
        claim(code, hardware()).expect(201);
    }

    @Test
    void reclaimingSameHardwareKeepsIdAndRevokesOldToken() {
        var person = register();
        String hardwareId = hardware();
        var first = pair(person, hardwareId);
        first.api().get("/api/v1/device/config").expect(200);

        var second = pair(person, hardwareId);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.token()).isNotEqualTo(first.token());
        first.api().get("/api/v1/device/config").problem(401, "invalid_token");
        second.api().get("/api/v1/device/config").expect(200);
        assertThat(person.api().get("/api/v1/devices").expect(200).body().path("items"))
                .hasSize(1);
    }

    @Test
    void reclaimingAfterARotationRevokesTheTokenInItsGracePeriodToo() {
        var person = register();
        String hardwareId = hardware();
        var first = pair(person, hardwareId);
        String rotated = person.api()
                .post("/api/v1/devices/" + first.id() + "/token:rotate", Map.of())
                .expect(200)
                .str("device_token");
        first.api().get("/api/v1/device/config").expect(200); // in its grace period

        var again = pair(person, hardwareId);

        first.api().get("/api/v1/device/config").problem(401, "invalid_token");
        api.as(rotated).get("/api/v1/device/config").problem(401, "invalid_token");
        again.api().get("/api/v1/device/config").expect(200);
    }

    @Test
    void sameHardwareClaimedByAnotherPersonIsAnotherDevice() {
        var alice = register();
        var bob = register();
        String hardwareId = hardware();

        var alices = pair(alice, hardwareId);
        var bobs = pair(bob, hardwareId);

        assertThat(bobs.id()).isNotEqualTo(alices.id());
        alices.api().get("/api/v1/device/config").expect(200);
        bobs.api().get("/api/v1/device/config").expect(200);
        bob.api().get("/api/v1/devices/" + alices.id()).problem(404, "not_found");
    }

    @Test
    void removedDeviceCanBePairedAgain() {
        var person = register();
        String hardwareId = hardware();
        var device = pair(person, hardwareId);
        person.api().delete("/api/v1/devices/" + device.id()).expect(204);
        assertThat(person.api().get("/api/v1/devices").expect(200).body().path("items"))
                .isEmpty();

        var again = pair(person, hardwareId);

        assertThat(again.id()).isEqualTo(device.id());
        again.api().get("/api/v1/device/config").expect(200);
        device.api().get("/api/v1/device/config").problem(401, "invalid_token");
        var items = person.api().get("/api/v1/devices").expect(200).body().path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("id").asString()).isEqualTo(device.id().toString());
        person.api().get("/api/v1/devices/" + device.id()).expect(200);
    }

    @Test
    void pairingCodeEndpointsNeedAToken() {
        api.anonymous().post("/api/v1/pairing/codes", Map.of()).problem(401, "unauthorized");
        api.anonymous().get("/api/v1/pairing/codes/current").problem(401, "unauthorized");
    }

    @Test
    void pairingCodeEndpointsRefuseADeviceToken() {
        var person = register();
        var device = pair(person);

        device.api().post("/api/v1/pairing/codes", Map.of()).expect(401);
        device.api().get("/api/v1/pairing/codes/current").expect(401);
    }
}
