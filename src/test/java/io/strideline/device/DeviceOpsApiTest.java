package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.Api;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

/** Heartbeats, reported status, online/offline tracking, logs and health over HTTP. */
@RecordApplicationEvents
class DeviceOpsApiTest extends FleetApiTest {

    @Autowired
    DeviceOpsService ops;

    @Autowired
    DeviceService deviceService;

    @Autowired
    ApplicationEvents events;

    private static Map<String, Object> line(Instant ts, String level, String message) {
        return Map.of("ts", ts.toString(), "level", level, "message", message);
    }

    private static List<String> texts(JsonNode items, String field) {
        var out = new ArrayList<String>();
        items.forEach(item -> out.add(item.path(field).asString()));
        return out;
    }

    /** The device's last contact becomes {@code ago} old: the application's clock moves on, no SQL. */
    private void silentFor(Duration ago) {
        clock.advance(ago);
    }

    // --- heartbeat

    @Test
    void heartbeatStoresTheLatestValuesAndKeepsTheOnesLeftOut() {
        var person = register();
        var device = pair(person);

        var answer = device.api()
                .post(
                        "/api/v1/device/heartbeat",
                        Map.of("battery_pct", 87, "rssi_dbm", -61, "firmware_version", "2.4.1", "uptime_s", 3600))
                .expect(200);
        assertThat(Instant.parse(answer.str("server_time"))).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(answer.body().path("pending_commands").asInt()).isZero();
        device.api().post("/api/v1/device/heartbeat", Map.of("battery_pct", 80)).expect(200);

        var health =
                person.api().get("/api/v1/devices/" + device.id() + "/health").expect(200);
        assertThat(health.body().path("battery_pct").asInt()).isEqualTo(80);
        assertThat(health.body().path("rssi_dbm").asInt()).isEqualTo(-61);
        assertThat(health.str("firmware_version")).isEqualTo("2.4.1");
        assertThat(health.body().path("uptime_s").asLong()).isEqualTo(3600);
        assertThat(health.body().path("online").asBoolean()).isTrue();
        assertThat(health.str("heartbeat_at")).isNotBlank();
        // the registry shows the firmware the device reported
        assertThat(person.api()
                        .get("/api/v1/devices/" + device.id())
                        .expect(200)
                        .str("firmware_version"))
                .isEqualTo("2.4.1");
    }

    @Test
    void heartbeatWithoutABodyIsAPlainKeepAlive() {
        var device = pair(register());

        device.api()
                .send("POST", "/api/v1/device/heartbeat", null, "application/json", false)
                .expect(200);
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
    }

    @Test
    void heartbeatRefusesValuesOutOfRange() {
        var person = register();
        var device = pair(person);

        var refused = device.api()
                .post(
                        "/api/v1/device/heartbeat",
                        Map.of(
                                "battery_pct", 101,
                                "rssi_dbm", 5,
                                "firmware_version", "x".repeat(65),
                                "uptime_s", -1))
                .problem(422, "validation_failed");
        assertThat(refused.fields())
                .containsExactlyInAnyOrder("battery_pct", "rssi_dbm", "firmware_version", "uptime_s");
        device.api()
                .post("/api/v1/device/heartbeat", Map.of("battery_pct", "full"))
                .expect(400);

        var health =
                person.api().get("/api/v1/devices/" + device.id() + "/health").expect(200);
        assertThat(health.body().path("battery_pct").isNull()).isTrue();
    }

    // --- status

    @Test
    void reportedStatusBecomesTheCurrentStatusAndAnEvent() {
        var person = register();
        var device = pair(person);

        var reported = device.api()
                .post("/api/v1/device/status", Map.of("status", "degraded", "detail", "SD card 95% full"))
                .expect(200);
        assertThat(reported.str("status")).isEqualTo("degraded");

        var status =
                person.api().get("/api/v1/devices/" + device.id() + "/status").expect(200);
        assertThat(status.body().path("online").asBoolean()).isTrue();
        assertThat(status.str("status")).isEqualTo("degraded");
        assertThat(status.str("status_detail")).isEqualTo("SD card 95% full");
        assertThat(status.str("since")).isEqualTo(reported.str("since"));
        assertThat(status.body().path("inactivity_timeout_seconds").asInt()).isEqualTo(300);
        assertThat(status.body().path("offline_since").isNull()).isTrue();

        device.api().post("/api/v1/device/status", Map.of("status", "ok")).expect(200);
        var history = person.api()
                .get("/api/v1/devices/" + device.id() + "/status-events")
                .expect(200)
                .body()
                .path("items");
        // under them, the device's first contact
        assertThat(texts(history, "status")).containsExactly("ok", "degraded", "");
        assertThat(texts(history, "kind")).containsExactly("reported", "reported", "online");
        assertThat(person.api()
                        .get("/api/v1/devices/" + device.id() + "/status")
                        .expect(200)
                        .body()
                        .path("status_detail")
                        .isNull())
                .isTrue();
    }

    @Test
    void statusRefusesUnknownStatusesAndLongDetails() {
        var device = pair(register());

        var onFire = device.api()
                .post("/api/v1/device/status", Map.of("status", "on_fire", "detail", "smoke"))
                .problem(422, "validation_failed");
        assertThat(onFire.fields()).containsExactly("status");
        assertThat(onFire.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of ok, degraded, error, maintenance, updating, booting");
        assertThat(device.api()
                        .post("/api/v1/device/status", Map.of("status", "ok", "detail", "x".repeat(1001)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("detail");
        assertThat(device.api()
                        .post("/api/v1/device/status", Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("status");
    }

    @Test
    void aDeviceNeverSeenIsOffline() {
        var fleet = fleet();

        var status = fleet.owner()
                .api()
                .get("/api/v1/devices/" + fleet.device().id() + "/status")
                .expect(200);

        assertThat(status.body().path("online").asBoolean()).isFalse();
        assertThat(status.body().path("last_seen_at").isNull()).isTrue();
        assertThat(status.body().path("status").isNull()).isTrue();
    }

    @Test
    void goingOfflineAndComingBackAreRecordedOnceEach() {
        var fleet = fleet();
        var device = fleet.device();
        String statusPath = "/api/v1/devices/" + device.id() + "/status";
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        silentFor(Duration.ofSeconds(301));

        var first = ops.markOfflineDevices();
        var second = ops.markOfflineDevices();

        assertThat(first).anyMatch(w -> w.deviceId().equals(device.id()));
        assertThat(second).noneMatch(w -> w.deviceId().equals(device.id()));
        assertThat(events.stream(DeviceWentOffline.class)
                        .filter(e -> e.deviceId().equals(device.id())))
                .singleElement()
                .satisfies(e -> assertThat(e.orgId()).isEqualTo(fleet.orgId()));
        var offline = fleet.owner().api().get(statusPath).expect(200);
        assertThat(offline.body().path("online").asBoolean()).isFalse();
        assertThat(offline.str("offline_since")).isNotBlank();

        // seen again: any authenticated request counts, but 'online' is recorded once
        device.api().get("/api/v1/device/config").expect(200);
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        ops.markOfflineDevices();

        var online = fleet.owner().api().get(statusPath).expect(200);
        assertThat(online.body().path("online").asBoolean()).isTrue();
        assertThat(online.body().path("offline_since").isNull()).isTrue();
        var history = fleet.owner()
                .api()
                .get("/api/v1/devices/" + device.id() + "/status-events")
                .expect(200)
                .body()
                .path("items");
        // the first heartbeat was its first contact: online too
        assertThat(texts(history, "kind")).containsExactly("online", "offline", "online");
    }

    /**
     * Offline detection reads the application's clock, in the status answer and in the job's SQL
     * alike: online until its inactivity timeout has passed, offline just after, without any SQL.
     */
    @Test
    void aDeviceGoesOfflineExactlyWhenTheApplicationClockPassesItsTimeout() {
        var fleet = fleet();
        var device = fleet.device();
        String statusPath = "/api/v1/devices/" + device.id() + "/status";
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        var lastSeen =
                Instant.parse(fleet.owner().api().get(statusPath).expect(200).str("last_seen_at"));

        clock.pin(lastSeen.plusSeconds(300 - 2));
        assertThat(fleet.owner()
                        .api()
                        .get(statusPath)
                        .expect(200)
                        .body()
                        .path("online")
                        .asBoolean())
                .isTrue();
        assertThat(ops.markOfflineDevices()).noneMatch(w -> w.deviceId().equals(device.id()));

        clock.pin(lastSeen.plusSeconds(300).plusMillis(1));
        assertThat(fleet.owner()
                        .api()
                        .get(statusPath)
                        .expect(200)
                        .body()
                        .path("online")
                        .asBoolean())
                .isFalse();
        assertThat(ops.markOfflineDevices()).anyMatch(w -> w.deviceId().equals(device.id()));
        assertThat(fleet.owner().api().get(statusPath).expect(200).str("offline_since"))
                .isNotBlank();
    }

    @Test
    void aDeviceWithinItsOwnTimeoutStaysOnline() {
        var fleet = fleet();
        var device = fleet.device();
        fleet.owner()
                .api()
                .patch("/api/v1/devices/" + device.id(), Map.of("inactivity_timeout_seconds", 3600))
                .expect(200);
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        silentFor(Duration.ofMinutes(10));

        assertThat(ops.markOfflineDevices()).noneMatch(w -> w.deviceId().equals(device.id()));
        assertThat(fleet.owner()
                        .api()
                        .get("/api/v1/devices/" + device.id() + "/status")
                        .expect(200)
                        .body()
                        .path("online")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void comingBackOnlinePublishesAnEvent() {
        var fleet = fleet();
        var device = fleet.device();
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        silentFor(Duration.ofHours(1));
        ops.markOfflineDevices();

        // on this thread, so that the recorded events see it
        deviceService.authenticate(device.token());
        deviceService.authenticate(device.token());

        assertThat(events.stream(DeviceCameOnline.class)
                        .filter(e -> e.deviceId().equals(device.id())))
                .singleElement()
                .satisfies(e -> assertThat(e.orgId()).isEqualTo(fleet.orgId()));
    }

    // --- logs

    @Test
    void logsPageNewestFirstAndFilterByLevelAndTime() {
        var person = register();
        var device = pair(person);
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        var lines = List.of(
                line(t0, "debug", "boot"),
                line(t0.plusSeconds(1), "info", "wifi up"),
                line(t0.plusSeconds(2), "warn", "battery low"),
                line(t0.plusSeconds(3), "error", "sensor timeout"),
                line(t0.plusSeconds(4), "info", "upload done"));

        var stored =
                device.api().post("/api/v1/device/logs", Map.of("logs", lines)).expect(200);
        assertThat(stored.body().path("stored").asInt()).isEqualTo(5);
        assertThat(stored.body().path("duplicates").asInt()).isZero();

        String path = "/api/v1/devices/" + device.id() + "/logs";
        var page1 = person.api().get(path + "?limit=2").expect(200);
        assertThat(texts(page1.body().path("items"), "message")).containsExactly("upload done", "sensor timeout");
        var page2 = person.api()
                .get(path + "?limit=2&cursor=" + page1.str("next_cursor"))
                .expect(200);
        assertThat(texts(page2.body().path("items"), "message")).containsExactly("battery low", "wifi up");
        var page3 = person.api()
                .get(path + "?limit=2&cursor=" + page2.str("next_cursor"))
                .expect(200);
        assertThat(texts(page3.body().path("items"), "message")).containsExactly("boot");
        assertThat(page3.body().path("next_cursor").isNull()).isTrue();

        assertThat(texts(
                        person.api()
                                .get(path + "?level=warn")
                                .expect(200)
                                .body()
                                .path("items"),
                        "level"))
                .containsExactly("error", "warn");
        assertThat(texts(
                        person.api()
                                .get(path + "?from=" + t0.plusSeconds(1) + "&to=" + t0.plusSeconds(3))
                                .expect(200)
                                .body()
                                .path("items"),
                        "message"))
                .containsExactly("battery low", "wifi up");
        var fatal = person.api().get(path + "?level=fatal").problem(422, "validation_failed");
        assertThat(fatal.fields()).containsExactly("level");
        assertThat(fatal.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of debug, info, warn, error");
    }

    @Test
    void aRetriedLogUploadStoresNothingTwice() {
        var person = register();
        var device = pair(person);
        Instant t0 = Instant.now().minusSeconds(60);
        var lines = List.of(line(t0, "info", "a"), line(t0, "info", "b"));
        device.api().post("/api/v1/device/logs", Map.of("logs", lines)).expect(200);

        var again = device.api()
                .post("/api/v1/device/logs", Map.of("logs", List.of(line(t0, "info", "a"), line(t0, "info", "c"))))
                .expect(200);

        assertThat(again.body().path("stored").asInt()).isEqualTo(1);
        assertThat(again.body().path("duplicates").asInt()).isEqualTo(1);
        assertThat(person.api()
                        .get("/api/v1/devices/" + device.id() + "/logs")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(3);
    }

    @Test
    void logsKeepTheirContext() {
        var person = register();
        var device = pair(person);
        var withContext = new HashMap<String, Object>(line(Instant.now(), "error", "read failed"));
        withContext.put("context", Map.of("sensor", "bme280", "code", 5));

        device.api()
                .post("/api/v1/device/logs", Map.of("logs", List.of(withContext)))
                .expect(200);

        var item = person.api()
                .get("/api/v1/devices/" + device.id() + "/logs")
                .expect(200)
                .body()
                .path("items")
                .path(0);
        assertThat(item.path("context").path("sensor").asString()).isEqualTo("bme280");
        assertThat(item.path("context").path("code").asInt()).isEqualTo(5);
        assertThat(item.path("received_at").asString()).isNotBlank();
    }

    @Test
    void logsRefuseBadLinesNamingEachAndStoreNone() {
        var person = register();
        var device = pair(person);
        var noTs = Map.of("level", "info", "message", "no time");
        var noLevel = Map.of("ts", Instant.now().toString(), "message", "no level");
        var longMessage = line(Instant.now(), "info", "x".repeat(4001));
        var future = line(Instant.now().plus(10, ChronoUnit.MINUTES), "info", "from the future");
        var arrayContext = new HashMap<String, Object>(line(Instant.now(), "info", "ctx"));
        arrayContext.put("context", List.of(1, 2));
        var good = line(Instant.now(), "info", "fine");

        var refused = device.api()
                .post(
                        "/api/v1/device/logs",
                        Map.of("logs", List.of(good, noTs, noLevel, longMessage, future, arrayContext)))
                .problem(422, "validation_failed");

        assertThat(refused.fields())
                .containsExactlyInAnyOrder(
                        "logs[1].ts", "logs[2].level", "logs[3].message", "logs[4].ts", "logs[5].context");
        // a level outside the vocabulary is refused while the body is read, on its own
        var fatal = device.api()
                .post("/api/v1/device/logs", Map.of("logs", List.of(good, line(Instant.now(), "fatal", "bad level"))))
                .problem(422, "validation_failed");
        assertThat(fatal.fields()).containsExactly("logs[1].level");
        assertThat(fatal.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of debug, info, warn, error");

        assertThat(person.api()
                        .get("/api/v1/devices/" + device.id() + "/logs")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void logsRefuseEmptyAndOversizedBatches() {
        var device = pair(register());
        var many = new ArrayList<Map<String, Object>>();
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS);
        for (int i = 0; i < 1001; i++) {
            many.add(line(t0.plusMillis(i), "info", "line " + i));
        }

        assertThat(device.api()
                        .post("/api/v1/device/logs", Map.of("logs", many))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("logs");
        assertThat(device.api()
                        .post("/api/v1/device/logs", Map.of("logs", List.of()))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("logs");
        assertThat(device.api()
                        .post("/api/v1/device/logs", Map.of("logs", many.subList(0, 1000)))
                        .expect(200)
                        .body()
                        .path("stored")
                        .asInt())
                .isEqualTo(1000);
    }

    // --- health

    @Test
    void healthGivesTheShareOfErrorLinesOfTheLastDay() {
        var person = register();
        var device = pair(person);
        String path = "/api/v1/devices/" + device.id() + "/health";
        assertThat(person.api().get(path).expect(200).body().path("error_rate").isNull())
                .isTrue();
        Instant now = Instant.now();
        device.api()
                .post(
                        "/api/v1/device/logs",
                        Map.of(
                                "logs",
                                List.of(
                                        line(now.minusSeconds(10), "info", "a"),
                                        line(now.minusSeconds(9), "info", "b"),
                                        line(now.minusSeconds(8), "warn", "c"),
                                        line(now.minusSeconds(7), "error", "d"),
                                        // older than a day: not counted
                                        line(now.minus(2, ChronoUnit.DAYS), "error", "old"))))
                .expect(200);

        var health = person.api().get(path).expect(200);

        assertThat(health.body().path("log_lines_24h").asLong()).isEqualTo(4);
        assertThat(health.body().path("error_lines_24h").asLong()).isEqualTo(1);
        assertThat(health.body().path("error_rate").asDouble()).isEqualTo(0.25);
        assertThat(health.str("device_id")).isEqualTo(device.id().toString());
    }

    // --- who may call what

    @Test
    void viewersReadAndOtherOrganizationsSeeNothing() {
        var fleet = fleet();
        var viewer = member(fleet, "viewer");
        var stranger = register();
        fleet.device()
                .api()
                .post("/api/v1/device/status", Map.of("status", "ok"))
                .expect(200);
        String base = "/api/v1/devices/" + fleet.device().id();

        for (String path : List.of("/status", "/health", "/logs", "/status-events")) {
            viewer.api().get(base + path).expect(200);
            stranger.api().get(base + path).problem(404, "not_found");
            stranger.api().get("/api/v1/devices/" + UUID.randomUUID() + path).problem(404, "not_found");
            api.anonymous().get(base + path).problem(401, "unauthorized");
            fleet.device().api().get(base + path).expect(401);
        }
    }

    @Test
    void deviceEndpointsNeedADeviceToken() {
        var person = register();
        Api anonymous = api.anonymous();
        var bodies = Map.<String, Object>of(
                "/api/v1/device/heartbeat", Map.of(),
                "/api/v1/device/status", Map.of("status", "ok"),
                "/api/v1/device/logs", Map.of("logs", List.of(line(Instant.now(), "info", "x"))));

        bodies.forEach((path, body) -> {
            anonymous.post(path, body).problem(401, "unauthorized");
            person.api().post(path, body).problem(401, "invalid_token");
            api.as("sld_not-a-real-token").post(path, body).problem(401, "invalid_token");
        });
    }
}
