package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Commands from people to devices over HTTP: queue, poll, result, expiry, retry, and who may do what. */
class CommandApiTest extends FleetApiTest {

    @Autowired
    CommandService commands;

    private static String commandsOf(UUID deviceId) {
        return "/api/v1/devices/" + deviceId + "/commands";
    }

    private static String resultOf(String commandId) {
        return "/api/v1/device/commands/" + commandId + "/result";
    }

    private static List<String> ids(JsonNode items) {
        var out = new ArrayList<String>();
        items.forEach(item -> out.add(item.path("id").asString()));
        return out;
    }

    private String send(Api as, UUID deviceId, Map<String, Object> body) {
        return as.post(commandsOf(deviceId), body).expect(201).str("id");
    }

    private JsonNode stored(Fleet fleet, String commandId) {
        for (var item : fleet.owner()
                .api()
                .get(commandsOf(fleet.device().id()))
                .expect(200)
                .body()
                .path("items")) {
            if (item.path("id").asString().equals(commandId)) {
                return item;
            }
        }
        throw new AssertionError("command " + commandId + " not listed");
    }

    /**
     * Moves the application's clock just past one of a command's times (its result deadline, or
     * its expiry), as the device and the expiry job see it: no SQL, the rules read that clock.
     */
    private void overdue(Fleet fleet, String commandId, String field) {
        clock.pin(Instant.parse(stored(fleet, commandId).path(field).asString()).plusSeconds(1));
    }

    @Test
    void aCommandGoesFromQueuedToDeliveredToSucceeded() {
        var fleet = fleet();
        var device = fleet.device();

        var sent = fleet.owner()
                .api()
                .post(
                        commandsOf(device.id()),
                        Map.of("name", "reboot", "params", Map.of("delay_s", 5), "expires_in_s", 600))
                .expect(201);
        String id = sent.str("id");
        assertThat(sent.str("state")).isEqualTo("queued");
        assertThat(sent.body().path("attempts").asInt()).isZero();
        assertThat(Instant.parse(sent.str("expires_at")))
                .isEqualTo(Instant.parse(sent.str("queued_at")).plusSeconds(600));
        assertThat(device.api()
                        .post("/api/v1/device/heartbeat", Map.of())
                        .expect(200)
                        .body()
                        .path("pending_commands")
                        .asInt())
                .isEqualTo(1);

        var polled =
                device.api().get("/api/v1/device/commands").expect(200).body().path("items");
        assertThat(ids(polled)).containsExactly(id);
        assertThat(polled.path(0).path("name").asString()).isEqualTo("reboot");
        assertThat(polled.path(0).path("params").path("delay_s").asInt()).isEqualTo(5);
        assertThat(polled.path(0).path("attempt").asInt()).isEqualTo(1);
        var delivered = stored(fleet, id);
        assertThat(delivered.path("state").asString()).isEqualTo("delivered");
        assertThat(delivered.path("delivered_at").asString()).isNotBlank();
        assertThat(device.api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items"))
                .as("a delivered command is not handed out again before its deadline")
                .isEmpty();

        var done = device.api()
                .post(resultOf(id), Map.of("status", "succeeded", "result", Map.of("uptime_s", 1)))
                .expect(200);
        assertThat(done.str("state")).isEqualTo("succeeded");

        var completed = stored(fleet, id);
        assertThat(completed.path("state").asString()).isEqualTo("succeeded");
        assertThat(completed.path("completed_at").asString()).isEqualTo(done.str("completed_at"));
        assertThat(completed.path("result").path("uptime_s").asInt()).isEqualTo(1);
        assertThat(completed.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aRepeatedResultChangesNothingAndAnotherOutcomeIsAConflict() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "calibrate"));
        device.api().get("/api/v1/device/commands").expect(200);
        var first = device.api()
                .post(resultOf(id), Map.of("status", "failed", "result", Map.of("error", "busy")))
                .expect(200);

        var again = device.api()
                .post(resultOf(id), Map.of("status", "failed", "result", Map.of("error", "other")))
                .expect(200);
        device.api().post(resultOf(id), Map.of("status", "succeeded")).problem(409, "command_completed");

        assertThat(again.str("completed_at")).isEqualTo(first.str("completed_at"));
        var stored = stored(fleet, id);
        assertThat(stored.path("state").asString()).isEqualTo("failed");
        assertThat(stored.path("result").path("error").asString()).isEqualTo("busy");
    }

    @Test
    void aResultBeforeTheDeliveryWasRecordedStillCompletesTheCommand() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "ping"));

        device.api().post(resultOf(id), Map.of("status", "succeeded")).expect(200);

        assertThat(stored(fleet, id).path("state").asString()).isEqualTo("succeeded");
        assertThat(device.api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void anUndeliveredCommandExpires() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "ping", "expires_in_s", 60));
        overdue(fleet, id, "expires_at");

        assertThat(device.api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items"))
                .as("an expired command is never handed out, even before the job ran")
                .isEmpty();
        assertThat(commands.expireCommands().expired()).isPositive();

        var expired = stored(fleet, id);
        assertThat(expired.path("state").asString()).isEqualTo("expired");
        assertThat(expired.path("completed_at").asString()).isNotBlank();
        device.api().post(resultOf(id), Map.of("status", "succeeded")).problem(409, "command_completed");
    }

    @Test
    void aCommandWithoutAResultIsRetriedThenFails() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "update_firmware", "max_retries", 1));
        device.api().get("/api/v1/device/commands").expect(200);

        overdue(fleet, id, "deadline_at");
        commands.expireCommands();
        assertThat(stored(fleet, id).path("state").asString()).isEqualTo("queued");
        var second =
                device.api().get("/api/v1/device/commands").expect(200).body().path("items");
        assertThat(ids(second)).containsExactly(id);
        assertThat(second.path(0).path("attempt").asInt()).isEqualTo(2);

        overdue(fleet, id, "deadline_at");
        commands.expireCommands();
        var failed = stored(fleet, id);
        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("failure_reason").asString()).isEqualTo("timeout");
        assertThat(failed.path("attempts").asInt()).isEqualTo(2);
        assertThat(device.api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        device.api().post(resultOf(id), Map.of("status", "succeeded")).problem(409, "command_completed");
    }

    @Test
    void anOverdueCommandWithRetriesLeftComesAgainOnTheNextPoll() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "ping", "max_retries", 2));
        device.api().get("/api/v1/device/commands").expect(200);
        overdue(fleet, id, "deadline_at");

        var again =
                device.api().get("/api/v1/device/commands").expect(200).body().path("items");

        assertThat(ids(again)).containsExactly(id);
        assertThat(again.path(0).path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void withoutRetriesAMissingResultFailsAtTheDeadline() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "ping"));
        device.api().get("/api/v1/device/commands").expect(200);
        overdue(fleet, id, "deadline_at");

        assertThat(device.api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        commands.expireCommands();

        var failed = stored(fleet, id);
        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("failure_reason").asString()).isEqualTo("timeout");
    }

    @Test
    void pollHandsOutOldestFirstUpToTheLimit() {
        var fleet = fleet();
        var device = fleet.device();
        String first = send(fleet.owner().api(), device.id(), Map.of("name", "a"));
        String second = send(fleet.owner().api(), device.id(), Map.of("name", "b"));
        String third = send(fleet.owner().api(), device.id(), Map.of("name", "c"));

        assertThat(ids(device.api()
                        .get("/api/v1/device/commands?limit=2")
                        .expect(200)
                        .body()
                        .path("items")))
                .containsExactly(first, second);
        assertThat(ids(device.api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items")))
                .containsExactly(third);
        assertThat(device.api()
                        .get("/api/v1/device/commands?limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
    }

    @Test
    void listPagesNewestFirstAndFiltersByState() {
        var fleet = fleet();
        var device = fleet.device();
        String first = send(fleet.owner().api(), device.id(), Map.of("name", "a"));
        String second = send(fleet.owner().api(), device.id(), Map.of("name", "b"));
        String third = send(fleet.owner().api(), device.id(), Map.of("name", "c"));
        device.api().post(resultOf(first), Map.of("status", "succeeded")).expect(200);
        String path = commandsOf(device.id());

        var page1 = fleet.owner().api().get(path + "?limit=2").expect(200);
        assertThat(ids(page1.body().path("items"))).containsExactly(third, second);
        var page2 = fleet.owner()
                .api()
                .get(path + "?limit=2&cursor=" + page1.str("next_cursor"))
                .expect(200);
        assertThat(ids(page2.body().path("items"))).containsExactly(first);
        assertThat(page2.body().path("next_cursor").isNull()).isTrue();

        assertThat(ids(fleet.owner()
                        .api()
                        .get(path + "?state=queued")
                        .expect(200)
                        .body()
                        .path("items")))
                .containsExactly(third, second);
        var lost = fleet.owner().api().get(path + "?state=lost").problem(422, "validation_failed");
        assertThat(lost.fields()).containsExactly("state");
        assertThat(lost.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of queued, delivered, succeeded, failed, expired");
    }

    @Test
    void sendRefusesBadInputNamingEachField() {
        var fleet = fleet();
        String path = commandsOf(fleet.device().id());

        var refused = fleet.owner()
                .api()
                .post(
                        path,
                        Map.of(
                                "name", "Reboot Now!",
                                "params", List.of(1),
                                "expires_in_s", 0,
                                "max_retries", 11,
                                "result_timeout_s", 86401))
                .problem(422, "validation_failed");
        assertThat(refused.fields())
                .containsExactlyInAnyOrder("name", "params", "expires_in_s", "max_retries", "result_timeout_s");
        assertThat(fleet.owner()
                        .api()
                        .post(path, Map.of("name", "x", "params", Map.of("blob", "x".repeat(17_000))))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("params");
        assertThat(fleet.owner()
                        .api()
                        .post(path, Map.of("name", "x", "expires_in_s", 604_801))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("expires_in_s");
        assertThat(fleet.owner()
                        .api()
                        .post(path, Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("name");
        assertThat(fleet.owner().api().get(path).expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void resultRefusesBadInput() {
        var fleet = fleet();
        var device = fleet.device();
        String id = send(fleet.owner().api(), device.id(), Map.of("name", "ping"));

        var status = device.api()
                .post(resultOf(id), Map.of("status", "done", "result", Map.of()))
                .problem(422, "validation_failed");
        assertThat(status.fields()).containsExactly("status");
        assertThat(status.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of succeeded, failed");
        assertThat(device.api()
                        .post(resultOf(id), Map.of("status", "succeeded", "result", "fine"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("result");
        assertThat(device.api()
                        .post(resultOf(id), Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("status");
        assertThat(stored(fleet, id).path("state").asString()).isEqualTo("queued");
    }

    @Test
    void viewersCannotSendCommandsMembersCan() {
        var fleet = fleet();
        var viewer = member(fleet, "viewer");
        var member = member(fleet, "member");
        String path = commandsOf(fleet.device().id());

        viewer.api().post(path, Map.of("name", "reboot")).problem(403, "forbidden");
        String id = send(member.api(), fleet.device().id(), Map.of("name", "reboot"));

        assertThat(ids(viewer.api().get(path).expect(200).body().path("items"))).containsExactly(id);
        assertThat(stored(fleet, id).path("created_by").asString())
                .isEqualTo(member.id().toString());
    }

    @Test
    void anotherOrganizationsDeviceIsNotFound() {
        var fleet = fleet();
        var stranger = register();
        String path = commandsOf(fleet.device().id());

        stranger.api().post(path, Map.of("name", "reboot")).problem(404, "not_found");
        stranger.api().get(path).problem(404, "not_found");
        stranger.api()
                .post(commandsOf(UUID.randomUUID()), Map.of("name", "reboot"))
                .problem(404, "not_found");
        assertThat(fleet.owner().api().get(path).expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void aDeviceOnlySeesAndAnswersItsOwnCommands() {
        var fleet = fleet();
        var other = registerDevice(fleet.owner(), fleet.orgId());
        String id = send(fleet.owner().api(), fleet.device().id(), Map.of("name", "reboot"));

        assertThat(other.api().get("/api/v1/device/commands").expect(200).body().path("items"))
                .isEmpty();
        other.api().post(resultOf(id), Map.of("status", "succeeded")).problem(404, "not_found");
        fleet.device()
                .api()
                .post(resultOf(UUID.randomUUID().toString()), Map.of("status", "succeeded"))
                .problem(404, "not_found");

        assertThat(stored(fleet, id).path("state").asString()).isEqualTo("queued");
        assertThat(ids(fleet.device()
                        .api()
                        .get("/api/v1/device/commands")
                        .expect(200)
                        .body()
                        .path("items")))
                .containsExactly(id);
    }

    @Test
    void commandEndpointsNeedTheRightToken() {
        var fleet = fleet();
        String id = send(fleet.owner().api(), fleet.device().id(), Map.of("name", "reboot"));
        String path = commandsOf(fleet.device().id());

        api.anonymous().get(path).problem(401, "unauthorized");
        api.anonymous().post(path, Map.of("name", "reboot")).problem(401, "unauthorized");
        fleet.device().api().get(path).expect(401);
        fleet.device().api().post(path, Map.of("name", "reboot")).expect(401);
        api.anonymous().get("/api/v1/device/commands").problem(401, "unauthorized");
        api.anonymous().post(resultOf(id), Map.of("status", "succeeded")).problem(401, "unauthorized");
        fleet.owner().api().get("/api/v1/device/commands").problem(401, "invalid_token");
        fleet.owner().api().post(resultOf(id), Map.of("status", "succeeded")).problem(401, "invalid_token");

        assertThat(stored(fleet, id).path("state").asString()).isEqualTo("queued");
    }
}
