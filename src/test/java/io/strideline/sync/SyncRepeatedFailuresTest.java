package io.strideline.sync;

import static io.strideline.sync.SyncEventsTest.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SyncRepeatedFailuresTest extends ApiTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static final String PATH = "/api/v1/devices/sync/repeated-failures";

    /** {@code failures} failing syncs, {@code daysAgo} days back, one minute apart, plus successes. */
    private void failures(Device device, int failures, int daysAgo) {
        var events = new ArrayList<Object>();
        Instant start = now.minus(daysAgo, ChronoUnit.DAYS);
        for (int i = 0; i < failures; i++) {
            events.add(sync(start.plusSeconds(120L * i), 1 + i));
            events.add(sync(start.plusSeconds(120L * i + 60), 0)); // successes never count
        }
        device.api()
                .post("/api/v1/device/sync-events:batch", Map.of("events", events))
                .expect(200);
    }

    @Test
    void listsMyDevicesWithMoreThanThreeFailuresInTheLastSevenDays() {
        var owner = register();
        var four = pair(owner);
        var three = pair(owner);
        var old = pair(owner);
        failures(four, 4, 2);
        failures(three, 3, 1);
        failures(old, 5, 10);

        var body = owner.api().get(PATH).expect(200).body();

        assertThat(body.path("window_days").asInt()).isEqualTo(7);
        assertThat(body.path("min_failures").asInt()).isEqualTo(4);
        assertThat(deviceIds(body)).containsExactly(four.id());
        var item = body.path("items").get(0);
        assertThat(item.path("failures").asLong()).isEqualTo(4);
        assertThat(item.path("org_id").asString()).isNotBlank();
        assertThat(item.path("consecutive_failures").asInt()).isZero();
        var last = item.path("last_failure");
        Instant lastFailure = now.minus(2, ChronoUnit.DAYS).plusSeconds(120L * 3);
        assertThat(Instant.parse(last.path("timestamp").asString())).isEqualTo(lastFailure);
        assertThat(last.path("total_errors").asLong()).isEqualTo(4);
        assertThat(last.path("failed").asBoolean()).isTrue();
    }

    @Test
    void windowAndThresholdCanBeChosenPerRequest() {
        var owner = register();
        var four = pair(owner);
        var three = pair(owner);
        var old = pair(owner);
        failures(four, 4, 2);
        failures(three, 3, 1);
        failures(old, 5, 10);

        assertThat(deviceIds(
                        owner.api().get(PATH + "?window_days=30").expect(200).body()))
                .containsExactly(four.id(), old.id());
        assertThat(deviceIds(
                        owner.api().get(PATH + "?min_failures=3").expect(200).body()))
                .containsExactly(three.id(), four.id());
        assertThat(deviceIds(owner.api()
                        .get(PATH + "?window_days=30&min_failures=5")
                        .expect(200)
                        .body()))
                .containsExactly(old.id());
    }

    @Test
    void pagesByCursor() {
        var owner = register();
        var a = pair(owner);
        var b = pair(owner);
        failures(a, 4, 3);
        failures(b, 4, 2);
        var first = owner.api().get(PATH + "?limit=1").expect(200).body();
        assertThat(deviceIds(first)).containsExactly(b.id());
        var second = owner.api()
                .get(PATH + "?limit=1&cursor=" + first.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(deviceIds(second)).containsExactly(a.id());
        assertThat(second.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void showsOnlyDevicesOfMyOrganizations() {
        var owner = register();
        var device = pair(owner);
        failures(device, 5, 1);
        var stranger = register();
        failures(pair(stranger), 5, 1);

        assertThat(deviceIds(owner.api().get(PATH).expect(200).body())).containsExactly(device.id());
        String ownerOrg = owner.api()
                .get(PATH)
                .expect(200)
                .body()
                .path("items")
                .get(0)
                .path("org_id")
                .asString();
        assertThat(deviceIds(owner.api()
                        .get(PATH + "?org_id=" + ownerOrg)
                        .expect(200)
                        .body()))
                .containsExactly(device.id());
        stranger.api().get(PATH + "?org_id=" + ownerOrg).problem(404, "not_found");
        stranger.api().get(PATH + "?org_id=" + UUID.randomUUID()).problem(404, "not_found");
        assertThat(deviceIds(register().api().get(PATH).expect(200).body())).isEmpty();
    }

    @Test
    void rejectsBadParametersAndWrongCallers() {
        var owner = register();
        assertThat(owner.api()
                        .get(PATH + "?window_days=0&min_failures=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("window_days", "min_failures");
        assertThat(owner.api()
                        .get(PATH + "?window_days=366")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("window_days");
        assertThat(owner.api()
                        .get(PATH + "?window_days=seven")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("window_days");
        assertThat(owner.api()
                        .get(PATH + "?limit=500")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        api.anonymous().get(PATH).expect(401);
        pair(owner).api().get(PATH).expect(401);
    }

    private static List<UUID> deviceIds(JsonNode body) {
        var out = new ArrayList<UUID>();
        body.path("items")
                .forEach(i -> out.add(UUID.fromString(i.path("device_id").asString())));
        return out;
    }
}
