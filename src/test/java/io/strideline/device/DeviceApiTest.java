package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The device registry over HTTP: listing, reading, renaming, removing, and who may call what. */
class DeviceApiTest extends ApiTest {

    private static List<String> ids(JsonNode items) {
        var out = new ArrayList<String>();
        items.forEach(item -> out.add(item.path("id").asString()));
        return out;
    }

    @Test
    void listPagesThroughMyDevicesNewestFirst() {
        var person = register();
        var first = pair(person);
        var second = pair(person);
        var third = pair(person);
        pair(register()); // someone else's device never shows

        var page1 = person.api().get("/api/v1/devices?limit=2").expect(200);
        assertThat(ids(page1.body().path("items")))
                .containsExactly(third.id().toString(), second.id().toString());
        String cursor = page1.str("next_cursor");
        assertThat(cursor).isNotBlank();

        var page2 = person.api().get("/api/v1/devices?limit=2&cursor=" + cursor).expect(200);
        assertThat(ids(page2.body().path("items"))).containsExactly(first.id().toString());
        assertThat(page2.body().path("next_cursor").isNull()).isTrue();

        var all = person.api().get("/api/v1/devices").expect(200);
        assertThat(ids(all.body().path("items")))
                .containsExactly(
                        third.id().toString(),
                        second.id().toString(),
                        first.id().toString());
        assertThat(all.body().path("next_cursor").isNull()).isTrue();
    }

    @Test
    void listRefusesLimitsOutOfRange() {
        var person = register();

        assertThat(person.api()
                        .get("/api/v1/devices?limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        assertThat(person.api()
                        .get("/api/v1/devices?limit=201")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        person.api().get("/api/v1/devices?limit=200").expect(200);
    }

    @Test
    void listRefusesAGarbageCursor() {
        var person = register();
        pair(person);

        assertThat(person.api()
                        .get("/api/v1/devices?cursor=not-a-cursor")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("cursor");
        assertThat(person.api()
                        .get("/api/v1/devices?cursor=%21%21%21")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("cursor");
    }

    @Test
    void getAnswersOneOfMyDevices() {
        var person = register();
        var device = pair(person, "GLASSES-" + UUID.randomUUID());

        var got = person.api().get("/api/v1/devices/" + device.id()).expect(200);

        assertThat(got.id()).isEqualTo(device.id());
        assertThat(got.str("kind")).isEqualTo("glasses");
        assertThat(got.str("name")).isEqualTo("RunSight G1");
        assertThat(got.str("hardware_id")).startsWith("GLASSES-");
        assertThat(got.body().has("token")).isFalse();
        assertThat(got.body().has("device_token")).isFalse();
    }

    @Test
    void anotherPersonsDeviceIsNotFoundAndStaysUnchanged() {
        var owner = register();
        var device = pair(owner);
        var stranger = register();
        String path = "/api/v1/devices/" + device.id();

        stranger.api().get(path).problem(404, "not_found");
        stranger.api().patch(path, Map.of("name", "Mine now")).problem(404, "not_found");
        stranger.api().delete(path).problem(404, "not_found");

        var unchanged = owner.api().get(path).expect(200);
        assertThat(unchanged.str("name")).isEqualTo("RunSight G1");
        device.api().get("/api/v1/device/config").expect(200);
        assertThat(stranger.api().get("/api/v1/devices").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void unknownDeviceIsNotFound() {
        var person = register();
        String path = "/api/v1/devices/" + UUID.randomUUID();

        person.api().get(path).problem(404, "not_found");
        person.api().patch(path, Map.of("name", "Ghost")).problem(404, "not_found");
        person.api().delete(path).problem(404, "not_found");
    }

    @Test
    void nonUuidDeviceIdIsAClientError() {
        var person = register();

        var get = person.api().get("/api/v1/devices/not-a-uuid");
        assertThat(get.status()).as(get.text()).isBetween(400, 499);
        assertThat(get.header("Content-Type")).startsWith("application/problem+json");
        var delete = person.api().delete("/api/v1/devices/12345");
        assertThat(delete.status()).as(delete.text()).isBetween(400, 499);
    }

    @Test
    void renameChangesTheName() {
        var person = register();
        var device = pair(person);

        var renamed = person.api()
                .patch("/api/v1/devices/" + device.id(), Map.of("name", "  Trail glasses  "))
                .expect(200);

        assertThat(renamed.id()).isEqualTo(device.id());
        assertThat(renamed.str("name")).isEqualTo("Trail glasses");
        assertThat(person.api()
                        .get("/api/v1/devices/" + device.id())
                        .expect(200)
                        .str("name"))
                .isEqualTo("Trail glasses");
    }

    @Test
    void renameRefusesABlankOrTooLongName() {
        var person = register();
        var device = pair(person);
        String path = "/api/v1/devices/" + device.id();

        assertThat(person.api()
                        .patch(path, Map.of("name", "   "))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("name");
        assertThat(person.api().patch(path, Map.of()).expect(200).str("name"))
                .as("a PATCH without fields changes nothing")
                .isEqualTo("RunSight G1");
        assertThat(person.api()
                        .patch(path, Map.of("name", "x".repeat(101)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("name");

        assertThat(person.api().get(path).expect(200).str("name")).isEqualTo("RunSight G1");
    }

    @Test
    void removeRevokesTheTokenAndDropsTheDevice() {
        var person = register();
        var device = pair(person);
        var kept = pair(person);

        person.api().delete("/api/v1/devices/" + device.id()).expect(204);

        device.api().get("/api/v1/device/config").problem(401, "invalid_token");
        person.api().get("/api/v1/devices/" + device.id()).problem(404, "not_found");
        assertThat(ids(person.api().get("/api/v1/devices").expect(200).body().path("items")))
                .containsExactly(kept.id().toString());
        kept.api().get("/api/v1/device/config").expect(200);
        // removing twice: it is already gone
        person.api().delete("/api/v1/devices/" + device.id()).problem(404, "not_found");
    }

    @Test
    void userTokenIsRefusedOnDeviceEndpoints() {
        var person = register();

        person.api().get("/api/v1/device/config").problem(401, "invalid_token");
    }

    @Test
    void deviceTokenIsRefusedOnUserEndpoints() {
        var person = register();
        var device = pair(person);

        var list = device.api().get("/api/v1/devices").expect(401);
        assertThat(list.header("Content-Type")).startsWith("application/problem+json");
        device.api().get("/api/v1/devices/" + device.id()).expect(401);
        device.api().delete("/api/v1/devices/" + device.id()).expect(401);
        // and it did not remove anything
        person.api().get("/api/v1/devices/" + device.id()).expect(200);
    }

    @Test
    void endpointsNeedAToken() {
        api.anonymous().get("/api/v1/devices").problem(401, "unauthorized");
        api.anonymous().get("/api/v1/devices/" + UUID.randomUUID()).problem(401, "unauthorized");
        api.anonymous().get("/api/v1/device/config").problem(401, "unauthorized");
        api.as("sld_not-a-real-token").get("/api/v1/device/config").problem(401, "invalid_token");
    }

    @Test
    void deviceConfigTellsTheDeviceWhatToDo() {
        var person = register();
        var device = pair(person);

        var config = device.api().get("/api/v1/device/config").expect(200);

        assertThat(config.body().path("upload_interval_seconds").asInt()).isEqualTo(300);
        assertThat(config.body().path("batch_size").asInt()).isEqualTo(10);
        assertThat(config.body().path("gzip_uploads").isBoolean()).isTrue();
        assertThat(config.body().path("gzip_uploads").asBoolean()).isTrue();
        assertThat(Instant.parse(config.str("server_time"))).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }
}
