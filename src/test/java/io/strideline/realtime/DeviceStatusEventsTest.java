package io.strideline.realtime;

import static io.strideline.realtime.LiveClients.ws;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import io.strideline.realtime.LiveData.DeviceStatusChange;
import io.strideline.realtime.LiveData.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every change of {@code online} in {@code GET /devices/{id}/status} is a {@code device_status}
 * event on {@code device:{id}} and {@code org:{id}}, over a real WebSocket.
 */
class DeviceStatusEventsTest extends ApiTest {

    @Autowired
    EventBus bus;

    /** Only to move a device's last request into the past; tests never sleep. */
    private record Watched(UUID id, UUID orgId, Api api, Person owner, LiveClients.Ws socket) {}

    /** A device never seen yet, its owner following its topic and its organization's. */
    private Watched watched(UUID id, UUID orgId, Api api, Person owner) throws InterruptedException {
        var socket = ws(port, "/api/v1/ws", owner.accessToken());
        socket.next("authenticated");
        socket.send("{\"type\":\"subscribe\",\"topics\":[\"device:" + id + "\",\"org:" + orgId + "\"]}");
        socket.next("subscribed");
        var watched = new Watched(id, orgId, api, owner, socket);
        assertThat(online(watched)).as("a device never seen is offline").isFalse();
        return watched;
    }

    /** A person's own paired device; it belongs to the person's own organization. */
    private Watched paired() throws InterruptedException {
        var owner = register();
        var device = pair(owner);
        var org = UUID.fromString(
                owner.api().get("/api/v1/devices/" + device.id()).expect(200).str("org_id"));
        return watched(device.id(), org, device.api(), owner);
    }

    /** A sensor registered directly in an organization. */
    private Watched registeredInOrg() throws InterruptedException {
        var owner = register();
        var org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Fleet"))
                .expect(201)
                .id();
        var registered = owner.api()
                .post(
                        "/api/v1/devices",
                        Map.of(
                                "org_id",
                                org.toString(),
                                "name",
                                "Greenhouse sensor",
                                "kind",
                                "sensor",
                                "hardware_id",
                                "ESP32-" + UUID.randomUUID()))
                .expect(201);
        var id = UUID.fromString(registered.body().path("device").path("id").asString());
        return watched(id, org, api.as(registered.str("device_token")), owner);
    }

    private boolean online(Watched device) {
        return device.owner()
                .api()
                .get("/api/v1/devices/" + device.id() + "/status")
                .expect(200)
                .body()
                .path("online")
                .asBoolean();
    }

    /**
     * The statuses the device's {@code device_status} events carried so far, per topic: everything
     * up to a marker (an event of another device) published after the requests, so "none" is
     * known without waiting for a time.
     */
    private Map<String, List<String>> statusEvents(Watched device) throws InterruptedException {
        var marker = new DeviceStatusChange(UUID.randomUUID(), device.orgId(), Status.OFFLINE, Instant.EPOCH);
        bus.publish(Topic.device(device.id()), EventType.DEVICE_STATUS, () -> marker);
        bus.publish(Topic.org(device.orgId()), EventType.DEVICE_STATUS, () -> marker);
        var seen = new LinkedHashMap<String, List<String>>();
        var markers = new HashSet<String>();
        device.socket().next(m -> {
            if (!m.path("type").asString().equals("device_status")) {
                return false;
            }
            String topic = m.path("topic").asString();
            String of = m.path("data").path("device_id").asString();
            if (of.equals(marker.deviceId().toString())) {
                markers.add(topic);
                return markers.size() == 2;
            }
            if (of.equals(device.id().toString())) {
                seen.computeIfAbsent(topic, t -> new ArrayList<>())
                        .add(m.path("data").path("status").asString());
            }
            return false;
        });
        return seen;
    }

    private static Map<String, List<String>> onBoth(Watched device, String... statuses) {
        return Map.of(
                "device:" + device.id(), List.of(statuses),
                "org:" + device.orgId(), List.of(statuses));
    }

    private static Map<String, Object> readings() {
        return Map.of(
                "readings",
                List.of(Map.of(
                        "metric", "temp", "value", 21.5, "ts", Instant.now().toString())));
    }

    @Test
    void aDevicesFirstHeartbeatAnnouncesItOnlineOnceAndTheNextOneNothing() throws Exception {
        var device = paired();

        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);

        assertThat(online(device)).isTrue();
        assertThat(statusEvents(device)).isEqualTo(onBoth(device, "online"));

        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        assertThat(statusEvents(device)).isEmpty();
    }

    @Test
    void aDevicesFirstReadingsAnnounceItOnline() throws Exception {
        var device = paired();

        device.api().post("/api/v1/device/readings", readings()).expect(200);

        assertThat(online(device)).isTrue();
        assertThat(statusEvents(device)).isEqualTo(onBoth(device, "online"));
    }

    @Test
    void aDevicesFirstRunAnnouncesItOnline() throws Exception {
        var device = paired();

        device.api()
                .post(
                        "/api/v1/device/runs",
                        run(UUID.randomUUID(), Instant.now().minusSeconds(3600)))
                .expect(201);

        assertThat(online(device)).isTrue();
        assertThat(statusEvents(device)).isEqualTo(onBoth(device, "online"));
    }

    @Test
    void aDeviceRegisteredInAnOrganizationIsAnnouncedToTheOrganization() throws Exception {
        var device = registeredInOrg();

        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);

        assertThat(online(device)).isTrue();
        assertThat(statusEvents(device)).isEqualTo(onBoth(device, "online"));
    }

    @Test
    void aDeviceBackAfterItsTimeoutBeforeTheOfflineJobRanIsAnnouncedOfflineThenOnline() throws Exception {
        var device = paired();
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        statusEvents(device);
        // its first contact becomes 301 s old: the application's clock moves on
        clock.advance(Duration.ofSeconds(301));
        // the status answer shows it offline at once (the job, which records that, has not run)
        assertThat(online(device)).isFalse();

        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);

        assertThat(online(device)).isTrue();
        assertThat(statusEvents(device)).isEqualTo(onBoth(device, "offline", "online"));
        var history = device.owner()
                .api()
                .get("/api/v1/devices/" + device.id() + "/status-events")
                .expect(200)
                .body()
                .path("items");
        var kinds = new ArrayList<String>();
        history.forEach(e -> kinds.add(e.path("kind").asString()));
        assertThat(kinds).containsExactly("online", "offline", "online");
    }
}
