package io.strideline.device;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API tests around a shared organization: its owner, a device registered there directly, and
 * people added with a role. Personal organizations take no members, so role rules need these.
 */
abstract class FleetApiTest extends ApiTest {

    /** An organization with its owner and one sensor registered in it. */
    protected record Fleet(Person owner, UUID orgId, Sensor device) {}

    /** A device registered directly ({@link ApiTest.Device} cannot be made outside its package). */
    protected record Sensor(UUID id, String token, Api api) {}

    /** Only to move recorded times into the past; tests never sleep. */
    @Autowired
    protected JdbcClient jdbc;

    protected Fleet fleet() {
        var owner = register();
        var org = owner.api().post("/api/v1/orgs", Map.of("name", "Fleet")).expect(201);
        return new Fleet(owner, org.id(), registerDevice(owner, org.id()));
    }

    protected Sensor registerDevice(Person admin, UUID orgId) {
        var registered = admin.api()
                .post(
                        "/api/v1/devices",
                        Map.of(
                                "org_id",
                                orgId.toString(),
                                "name",
                                "Greenhouse sensor",
                                "kind",
                                "sensor",
                                "hardware_id",
                                "ESP32-" + UUID.randomUUID()))
                .expect(201);
        String token = registered.str("device_token");
        return new Sensor(
                UUID.fromString(registered.body().path("device").path("id").asString()), token, api.as(token));
    }

    /** A new person holding {@code role} in the fleet's organization. */
    protected Person member(Fleet fleet, String role) {
        var person = register();
        join(fleet.owner(), fleet.orgId(), person, role);
        return person;
    }
}
