package io.strideline.realtime;

import static io.strideline.realtime.LiveClients.sse;
import static io.strideline.realtime.LiveClients.ws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Live updates over real sockets: WebSocket and SSE clients of the JDK against the running server. */
class LiveUpdatesTest extends ApiTest {

    @Autowired
    EventBus bus;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Hub hub;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    MeterRegistry meters;

    private static Map<String, Object> readings(double value) {
        return Map.of(
                "readings",
                List.of(Map.of(
                        "metric", "temp", "value", value, "ts", Instant.now().toString())));
    }

    private void befriend(Person a, Person b) {
        a.api().post("/api/v1/friends/requests/" + b.id(), Map.of()).expect(200);
        b.api().post("/api/v1/friends/requests/" + a.id() + "/accept", Map.of()).expect(200);
    }

    /** A run uploaded by the device, with the owner's default visibility set first (the event is sent on upload). */
    private UUID recordRun(Device device, String visibility, Person owner) {
        owner.api()
                .patch("/api/v1/me", Map.of("default_visibility", visibility))
                .expect(200);
        return device.api()
                .post(
                        "/api/v1/device/runs",
                        run(UUID.randomUUID(), Instant.now().minusSeconds(3600)))
                .expect(201)
                .id();
    }

    private static JsonNode subscribe(LiveClients.Ws socket, String... topics) throws InterruptedException {
        var body = new HashMap<String, Object>();
        body.put("type", "subscribe");
        body.put("topics", List.of(topics));
        socket.send(LiveClients.JSON.writeValueAsString(body));
        return socket.next("subscribed");
    }

    // --- authentication

    @Test
    void webSocketTakesTheTokenInTheUpgradeHeaderOrAsTheFirstMessage() throws Exception {
        var person = register();
        var byHeader = ws(port, "/api/v1/ws", person.accessToken());
        assertThat(byHeader.next("authenticated").path("user_id").asString())
                .isEqualTo(person.id().toString());

        var byMessage = ws(port, "/api/v1/ws", null);
        byMessage.send("{\"type\":\"subscribe\",\"topics\":[\"me\"]}");
        assertThat(byMessage.next("error").path("code").asString()).isEqualTo("not_authenticated");
        byMessage.send("{\"type\":\"auth\",\"token\":\"" + person.accessToken() + "\"}");
        byMessage.next("authenticated");
        assertThat(subscribe(byMessage, "me").path("topics").toString()).isEqualTo("[\"me\"]");
    }

    @Test
    void webSocketRefusesMissingBadExpiredAndDeviceTokens() throws Exception {
        var person = register();
        var device = pair(person);
        assertThat(LiveClients.refusedUpgrade(port, "/api/v1/ws", "not-a-token"))
                .isEqualTo(401);
        assertThat(LiveClients.refusedUpgrade(port, "/api/v1/ws", device.token()))
                .isEqualTo(401);
        assertThat(LiveClients.refusedUpgrade(port, "/api/v1/device/ws", person.accessToken()))
                .isEqualTo(401);
        assertThat(LiveClients.refusedUpgrade(port, "/api/v1/device/ws", null)).isEqualTo(401);
        person.api().get("/api/v1/ws").problem(400, "not_a_websocket_upgrade");

        var silent = ws(port, "/api/v1/ws", null);
        assertThat(silent.awaitClose()).isEqualTo(4401);
        assertThat(silent.closeReason).startsWith("auth_timeout");

        var bad = ws(port, "/api/v1/ws", null);
        bad.send("{\"type\":\"auth\",\"token\":\"eyJhbGciOiJIUzI1NiJ9.e30.x\"}");
        assertThat(bad.awaitClose()).isEqualTo(4401);
        assertThat(bad.closeReason).isEqualTo("invalid_token");

        // a token issued an hour ago has expired
        clock.pin(Instant.now().minus(Duration.ofHours(1)));
        var old = fresh(person);
        clock.reset();
        var expired = ws(port, "/api/v1/ws", null);
        expired.send("{\"type\":\"auth\",\"token\":\"" + old.accessToken() + "\"}");
        assertThat(expired.awaitClose()).isEqualTo(4401);
        assertThat(expired.closeReason).isEqualTo("token_expired");
        assertThat(LiveClients.refusedUpgrade(port, "/api/v1/ws", old.accessToken()))
                .isEqualTo(401);
    }

    @Test
    void theEventStreamRefusesMissingAndWrongTokensAndBadTopicsAsDocumentedProblems() {
        var person = register();
        var other = register();
        var device = pair(person);
        var theirs = pair(other);
        String sse = "text/event-stream";
        api.anonymous().get("/api/v1/events?topics=me", sse).problem(401, "unauthorized");
        api.as(device.token()).get("/api/v1/events?topics=me", sse).problem(401, "invalid_token");
        assertThat(person.api()
                        .get("/api/v1/events", sse)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("topics");
        assertThat(person.api()
                        .get("/api/v1/events?topics=me,nonsense", sse)
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("topics");
        person.api().get("/api/v1/events?topics=device:" + theirs.id(), sse).problem(404, "topic_not_found");
        person.api()
                .get("/api/v1/events?topics=device:" + device.id() + ",org:" + UUID.randomUUID(), sse)
                .problem(404, "topic_not_found");
    }

    @Test
    void aSocketIsRenewedOnlyWithATokenOfTheSamePerson() throws Exception {
        var person = register();
        var other = register();
        var socket = ws(port, "/api/v1/ws", person.accessToken());
        socket.next("authenticated");
        socket.send("{\"type\":\"auth\",\"token\":\"" + other.accessToken() + "\"}");
        assertThat(socket.awaitClose()).isEqualTo(4401);
        assertThat(socket.closeReason).isEqualTo("invalid_token");
    }

    @Test
    void aSocketAndAStreamEndWhenTheirTokenExpiresUnlessTheTokenIsRenewed() throws Exception {
        var person = register();
        var renewing = ws(port, "/api/v1/ws", person.accessToken());
        renewing.next("authenticated");
        var lapsing = ws(port, "/api/v1/ws", person.accessToken());
        lapsing.next("authenticated");
        var stream = sse(port, person.accessToken(), "me", null);
        stream.next("subscribed");

        clock.pin(Instant.now().plus(Duration.ofMinutes(10)));
        var renewed = fresh(person);
        renewing.send("{\"type\":\"auth\",\"token\":\"" + renewed.accessToken() + "\"}");
        renewing.next("authenticated");
        clock.pin(Instant.now().plus(Duration.ofMinutes(16)));

        assertThat(lapsing.awaitClose()).isEqualTo(4401);
        assertThat(lapsing.closeReason).isEqualTo("token_expired");
        assertThat(stream.next("closed").data()).contains("token_expired");
        assertThat(renewing.closeCode).isNotDone();
        clock.reset();
    }

    // --- topics

    @Test
    void topicsOfOthersAreRefusedByNameAndOwnOnesAccepted() throws Exception {
        var me = register();
        var other = register();
        var mine = pair(me);
        var theirs = pair(other);
        UUID foreignOrg = other.api()
                .post("/api/v1/orgs", Map.of("name", "Their fleet"))
                .expect(201)
                .id();
        var day = LocalDate.now(ZoneOffset.UTC);
        UUID hidden = other.api()
                .post(
                        "/api/v1/challenges",
                        Map.of(
                                "name",
                                "Secret",
                                "metric",
                                "steps",
                                "start_date",
                                day.toString(),
                                "end_date",
                                day.plusDays(7).toString(),
                                "visibility",
                                "private"))
                .expect(201)
                .id();

        var socket = ws(port, "/api/v1/ws", me.accessToken());
        socket.next("authenticated");
        var body = Map.of(
                "type",
                "subscribe",
                "topics",
                List.of(
                        "me",
                        "device:" + mine.id(),
                        "device:" + theirs.id(),
                        "org:" + foreignOrg,
                        "challenge:" + hidden,
                        "weather"));
        socket.send(LiveClients.JSON.writeValueAsString(body));
        for (String refused : List.of("device:" + theirs.id(), "org:" + foreignOrg, "challenge:" + hidden)) {
            var error = socket.next("error");
            assertThat(error.path("code").asString()).isEqualTo("topic_not_found");
            assertThat(error.path("topic").asString()).isEqualTo(refused);
        }
        assertThat(socket.next("error").path("code").asString()).isEqualTo("validation_failed");
        assertThat(socket.next("subscribed").path("topics").toString())
                .contains("\"me\"", "\"device:" + mine.id() + "\"")
                .doesNotContain(theirs.id().toString(), foreignOrg.toString(), hidden.toString());

        var refusedStream = sse(port, me.accessToken(), "me,device:" + theirs.id(), null);
        assertThat(refusedStream.status()).isEqualTo(404);
        var malformed = sse(port, me.accessToken(), "device:nope", null);
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(sse(port, mine.token(), "me", null).status()).isEqualTo(401);

        // what the other person's device does never reaches me
        theirs.api().post("/api/v1/device/readings", readings(1)).expect(200);
        mine.api().post("/api/v1/device/readings", readings(2)).expect(200);
        var reading = socket.next("reading");
        assertThat(reading.path("topic").asString()).isEqualTo("device:" + mine.id());
        assertThat(reading.path("data").path("device_id").asString())
                .isEqualTo(mine.id().toString());
    }

    @Test
    void friendsSeeNewActivitiesAsTheirVisibilityAllowsAndABlockEndsIt() throws Exception {
        var runner = register();
        var friend = register();
        var stranger = register();
        befriend(runner, friend);
        befriend(runner, stranger);
        var device = pair(runner);

        var friendSocket = ws(port, "/api/v1/ws", friend.accessToken());
        friendSocket.next("authenticated");
        subscribe(friendSocket, "friends");
        var strangerSocket = ws(port, "/api/v1/ws", stranger.accessToken());
        strangerSocket.next("authenticated");
        subscribe(strangerSocket, "friends");

        runner.api().put("/api/v1/blocks/" + stranger.id(), null).expect(204);
        // the block reaches the stranger's socket through the bus; the first activity after it is private
        UUID secret = recordRun(device, "private", runner);
        UUID shared = recordRun(device, "friends", runner);

        var seen = friendSocket.next("friend_activity");
        assertThat(seen.path("topic").asString()).isEqualTo("friends");
        assertThat(seen.path("data").path("kind").asString()).isEqualTo("activity_recorded");
        assertThat(seen.path("data").path("user_id").asString())
                .isEqualTo(runner.id().toString());
        assertThat(seen.path("data").path("activity").path("id").asString()).isIn(shared.toString(), secret.toString());
        assertThat(friendSocket.messages.toString()).doesNotContain(secret.toString());
        assertThat(strangerSocket.messages.toString()).doesNotContain(shared.toString());
    }

    // --- ordering, resume, slow consumers

    @Test
    void sseEventsComeInOrderAndAResumeReplaysEachMissedEventOnce() throws Exception {
        var person = register();
        var device = pair(person);
        String topic = "device:" + device.id();
        var first = sse(port, person.accessToken(), topic, null);
        assertThat(first.status()).isEqualTo(200);
        first.next("subscribed");
        // the device's first contact comes first (device_status online); then only readings
        device.api().post("/api/v1/device/heartbeat", Map.of()).expect(200);
        first.next("device_status");
        for (int i = 0; i < 3; i++) {
            device.api().post("/api/v1/device/readings", readings(i)).expect(200);
        }
        var three = first.take(3);
        assertThat(three).extracting(LiveClients.Sse::event).containsOnly("reading");
        long[] ids = three.stream().mapToLong(e -> Long.parseLong(e.id())).toArray();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(three.get(2)
                        .json()
                        .path("data")
                        .path("metrics")
                        .path(0)
                        .path("latest")
                        .asDouble())
                .isEqualTo(2.0);
        first.close();

        device.api().post("/api/v1/device/readings", readings(10)).expect(200);
        device.api().post("/api/v1/device/readings", readings(11)).expect(200);
        var resumed = sse(port, person.accessToken(), topic, Long.toString(ids[2]));
        var missed = resumed.take(2);
        assertThat(missed)
                .extracting(e -> e.json()
                        .path("data")
                        .path("metrics")
                        .path(0)
                        .path("latest")
                        .asDouble())
                .containsExactly(10.0, 11.0);
        device.api().post("/api/v1/device/readings", readings(12)).expect(200);
        var live = resumed.take(1).getFirst();
        assertThat(live.json()
                        .path("data")
                        .path("metrics")
                        .path(0)
                        .path("latest")
                        .asDouble())
                .isEqualTo(12.0);
        assertThat(Long.parseLong(live.id()))
                .isGreaterThan(Long.parseLong(missed.get(1).id()));
        resumed.close();

        // once the retention job has dropped an event, resuming after it means reloading
        jdbc.sql("delete from realtime_events where id <= ?").param(ids[2]).update();
        var tooOld = sse(port, person.accessToken(), topic, Long.toString(ids[0]));
        var reset = tooOld.next("reset");
        assertThat(Long.parseLong(reset.id())).isGreaterThanOrEqualTo(Long.parseLong(live.id()));
        tooOld.close();
        assertThat(sse(port, person.accessToken(), topic, "yesterday").status()).isEqualTo(422);
    }

    @Test
    void aSlowConsumerIsClosedWithoutSlowingTheOthers() throws Exception {
        var person = register();
        var device = pair(person);
        String topic = "device:" + device.id();
        var slow = ws(port, "/api/v1/ws", person.accessToken(), false);
        slow.next("authenticated");
        var fast = ws(port, "/api/v1/ws", person.accessToken());
        fast.next("authenticated");
        subscribe(fast, topic);
        // the slow client reads its authenticated message and nothing more: the subscribe answer stays unread
        slow.socket().request(1);
        slow.send("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        await().until(() -> !slow.messages.isEmpty());
        double before = meters.counter("strideline.realtime.slow.consumers").count();

        // bursts of 100 (well within a queue of 256) that the fast client reads as they come, while
        // the slow one's socket buffers and then its queue fill up
        String filler = "x".repeat(6_000);
        int events = 1_500;
        for (int from = 0; from < events; from += 100) {
            int end = from + 100;
            IntStream.range(from, end)
                    .forEach(i -> bus.publish(
                            Topic.device(device.id()),
                            EventType.READING,
                            () -> new LiveData.Reading(
                                    device.id(), List.of(new LiveData.Metric(filler, i, 0, 0, 0, Instant.EPOCH)))));
            var newest = fast.next(
                    m -> m.path("data").path("metrics").path(0).path("count").asInt(-1) == end - 1);
            assertThat(newest.path("type").asString()).isEqualTo("reading");
        }

        // the server gives up on the slow client without waiting for it; once the client reads
        // again, it finds the close frame behind what was already in flight
        await().until(() -> meters.counter("strideline.realtime.slow.consumers").count() > before);
        slow.drain();
        assertThat(slow.awaitClose()).isEqualTo(1013);
        assertThat(slow.closeReason).startsWith("slow_consumer");
        assertThat(fast.closeCode).isNotDone();
    }

    // --- devices

    @Test
    void commandsArePushedToAConnectedDeviceAndDeliveredOnlyWhenAcknowledged() throws Exception {
        var person = register();
        var device = pair(person);
        String commands = "/api/v1/devices/" + device.id() + "/commands";
        String early = person.api()
                .post(commands, Map.of("name", "sync_now"))
                .expect(201)
                .str("id");

        var socket = ws(port, "/api/v1/device/ws", device.token());
        assertThat(socket.next("command").path("command").path("id").asString()).isEqualTo(early);
        String pushed = person.api()
                .post(commands, Map.of("name", "reboot", "params", Map.of("delay_s", 5)))
                .expect(201)
                .str("id");
        var command = socket.next(m -> m.path("command").path("id").asString().equals(pushed));
        assertThat(command.path("command").path("name").asString()).isEqualTo("reboot");
        assertThat(command.path("command").path("params").path("delay_s").asInt())
                .isEqualTo(5);
        assertThat(command.path("command").path("attempt").asInt()).isEqualTo(1);
        assertThat(state(person, commands, pushed)).isEqualTo("queued");

        socket.send("{\"type\":\"ack\",\"command_id\":\"" + pushed + "\"}");
        assertThat(socket.next("ack").path("delivered").asBoolean()).isTrue();
        assertThat(state(person, commands, pushed)).isEqualTo("delivered");
        socket.send("{\"type\":\"ack\",\"command_id\":\"" + pushed + "\"}");
        assertThat(socket.next("ack").path("delivered").asBoolean()).isFalse();

        // polling still works, and what a poll delivered is not delivered twice
        var polled =
                device.api().get("/api/v1/device/commands").expect(200).body().path("items");
        assertThat(polled.toString()).contains(early).doesNotContain(pushed);
        socket.send("{\"type\":\"ack\",\"command_id\":\"" + early + "\"}");
        assertThat(socket.next("ack").path("delivered").asBoolean()).isFalse();
        socket.send("{\"type\":\"ack\",\"command_id\":\"nope\"}");
        assertThat(socket.next("error").path("code").asString()).isEqualTo("invalid_message");

        // another device's command is not this device's to acknowledge
        var other = pair(person);
        String theirs = person.api()
                .post("/api/v1/devices/" + other.id() + "/commands", Map.of("name", "reboot"))
                .expect(201)
                .str("id");
        socket.send("{\"type\":\"ack\",\"command_id\":\"" + theirs + "\"}");
        assertThat(socket.next("ack").path("delivered").asBoolean()).isFalse();
        assertThat(socket.messages.toString()).doesNotContain(theirs);
    }

    private static String state(Person person, String commands, String id) {
        for (var c : person.api().get(commands).expect(200).body().path("items")) {
            if (c.path("id").asString().equals(id)) {
                return c.path("state").asString();
            }
        }
        throw new AssertionError("no command " + id);
    }

    @Test
    void ownerSeesCommandStatesAndMeSeesNotificationsAndSteps() throws Exception {
        var person = register();
        var device = pair(person);
        var stream = sse(port, person.accessToken(), "me,device:" + device.id(), null);
        stream.next("subscribed");
        String id = person.api()
                .post("/api/v1/devices/" + device.id() + "/commands", Map.of("name", "reboot"))
                .expect(201)
                .str("id");
        var queued = stream.next("command").json();
        assertThat(queued.path("data").path("command_id").asString()).isEqualTo(id);
        assertThat(queued.path("data").path("state").asString()).isEqualTo("queued");
        device.api().get("/api/v1/device/commands").expect(200);
        assertThat(stream.next("command").json().path("data").path("state").asString())
                .isEqualTo("delivered");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        device.api()
                .post("/api/v1/device/steps/sync", Map.of("steps", List.of(Map.of("date", today, "steps", 4321))))
                .expect(200);
        var steps = stream.next("step_update").json();
        assertThat(steps.path("topic").asString()).isEqualTo("me");
        assertThat(steps.path("data").path("days").path(0).path("steps").asLong())
                .isEqualTo(4321);
        stream.close();
    }

    @Test
    void aBatchOfReadingsIsSummarisedOnTheDeviceTopicAndItsAlertReachesTheOrgTopic() throws Exception {
        var owner = register();
        var device = pair(owner);
        String org =
                owner.api().get("/api/v1/devices/" + device.id()).expect(200).str("org_id");
        owner.api()
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
                .expect(201);
        var socket = ws(port, "/api/v1/ws", owner.accessToken());
        socket.next("authenticated");
        subscribe(socket, "device:" + device.id(), "org:" + org);

        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        device.api()
                .post(
                        "/api/v1/device/readings",
                        Map.of(
                                "readings",
                                List.of(
                                        Map.of("metric", "temperature", "ts", t0.toString(), "value", 35),
                                        Map.of("metric", "humidity", "ts", t0.toString(), "value", 40),
                                        Map.of(
                                                "metric",
                                                "temperature",
                                                "ts",
                                                t0.plusSeconds(60).toString(),
                                                "value",
                                                37))))
                .expect(200);

        var reading = socket.next("reading");
        assertThat(reading.path("topic").asString()).isEqualTo("device:" + device.id());
        var metrics = new HashMap<String, JsonNode>();
        reading.path("data")
                .path("metrics")
                .forEach(m -> metrics.put(m.path("metric").asString(), m));
        assertThat(metrics).containsOnlyKeys("temperature", "humidity");
        var temperature = metrics.get("temperature");
        assertThat(temperature.path("count").asInt()).isEqualTo(2);
        assertThat(temperature.path("min").asDouble()).isEqualTo(35.0);
        assertThat(temperature.path("max").asDouble()).isEqualTo(37.0);
        assertThat(temperature.path("latest").asDouble()).isEqualTo(37.0);
        assertThat(Instant.parse(temperature.path("latest_ts").asString())).isEqualTo(t0.plusSeconds(60));

        var alert = socket.next("alert");
        assertThat(alert.path("topic").asString()).isEqualTo("org:" + org);
        assertThat(alert.path("data").path("state").asString()).isEqualTo("active");
        assertThat(alert.path("data").path("severity").asString()).isEqualTo("critical");
        assertThat(alert.path("data").path("device_id").asString())
                .isEqualTo(device.id().toString());
    }

    @Test
    void aMemberRemovedFromAnOrganizationLosesItsTopicsAtOnce() throws Exception {
        var owner = register();
        var member = register();
        UUID org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Plant"))
                .expect(201)
                .id();
        join(owner, org, member, "viewer");
        var socket = ws(port, "/api/v1/ws", member.accessToken());
        socket.next("authenticated");
        assertThat(subscribe(socket, "me", "org:" + org).path("topics").toString())
                .contains("org:" + org);
        var stream = sse(port, member.accessToken(), "org:" + org, null);
        stream.next("subscribed");
        var ownersSocket = ws(port, "/api/v1/ws", owner.accessToken());
        ownersSocket.next("authenticated");
        subscribe(ownersSocket, "org:" + org);

        owner.api().delete("/api/v1/orgs/" + org + "/members/" + member.id()).expect(204);

        assertThat(socket.awaitClose()).isEqualTo(4403);
        assertThat(socket.closeReason).startsWith("access_revoked");
        assertThat(stream.next("closed").data()).contains("access_revoked");
        assertThat(ownersSocket.closeCode).isNotDone();
        var again = ws(port, "/api/v1/ws", member.accessToken());
        again.next("authenticated");
        again.send("{\"type\":\"subscribe\",\"topics\":[\"org:" + org + "\"]}");
        assertThat(again.next("error").path("code").asString()).isEqualTo("topic_not_found");
    }

    @Test
    void aDeviceSocketEndsWithItsTokenAndTheFollowersOfARemovedDeviceAreClosed() throws Exception {
        var person = register();
        var device = pair(person);
        var socket = ws(port, "/api/v1/device/ws", device.token());
        var follower = ws(port, "/api/v1/ws", person.accessToken());
        follower.next("authenticated");
        subscribe(follower, "me", "device:" + device.id());

        // the token leaked: rotated, and the previous one revoked at once
        person.api()
                .post("/api/v1/devices/" + device.id() + "/token:rotate", Map.of())
                .expect(200);
        person.api()
                .post("/api/v1/devices/" + device.id() + "/token:revoke-previous", Map.of())
                .expect(204);
        person.api()
                .post("/api/v1/devices/" + device.id() + "/commands", Map.of("name", "reboot"))
                .expect(201);
        assertThat(socket.awaitClose()).isEqualTo(4401);
        assertThat(socket.closeReason).isEqualTo("invalid_token");
        assertThat(socket.messages).noneMatch(m -> m.path("type").asString().equals("command"));

        person.api().delete("/api/v1/devices/" + device.id()).expect(204);
        assertThat(follower.awaitClose()).isEqualTo(4403);
        assertThat(follower.closeReason).startsWith("access_revoked");
    }

    @Test
    void challengeProgressReachesMeAndTheLeaderboardTopicButNotThoseBlocked() throws Exception {
        var creator = register();
        var runner = register();
        var blocked = register();
        var day = LocalDate.now(ZoneOffset.UTC);
        UUID challenge = creator.api()
                .post(
                        "/api/v1/challenges",
                        Map.of(
                                "name",
                                "Steps week",
                                "metric",
                                "steps",
                                "start_date",
                                day.toString(),
                                "end_date",
                                day.plusDays(7).toString(),
                                "visibility",
                                "public"))
                .expect(201)
                .id();
        runner.api().post("/api/v1/challenges/" + challenge + "/join", null).expect(200);
        runner.api().put("/api/v1/blocks/" + blocked.id(), null).expect(204);
        String topic = "challenge:" + challenge;
        var runnersSocket = ws(port, "/api/v1/ws", runner.accessToken());
        runnersSocket.next("authenticated");
        subscribe(runnersSocket, "me");
        var creatorsSocket = ws(port, "/api/v1/ws", creator.accessToken());
        creatorsSocket.next("authenticated");
        subscribe(creatorsSocket, topic);
        var blockedSocket = ws(port, "/api/v1/ws", blocked.accessToken());
        blockedSocket.next("authenticated");
        assertThat(subscribe(blockedSocket, topic).path("topics").toString()).contains(topic);

        runner.api()
                .post("/api/v1/steps/sync", Map.of("steps", List.of(Map.of("date", day.toString(), "steps", 8000))))
                .expect(200);

        var mine = runnersSocket.next("challenge_progress");
        assertThat(mine.path("data").path("challenge_id").asString()).isEqualTo(challenge.toString());
        assertThat(mine.path("data").path("progress").asDouble()).isEqualTo(8000.0);
        var board = creatorsSocket.next("challenge_update");
        assertThat(board.path("topic").asString()).isEqualTo(topic);
        var entry = board.path("data").path("entries").path(0);
        assertThat(entry.path("user_id").asString()).isEqualTo(runner.id().toString());
        assertThat(entry.path("progress").asDouble()).isEqualTo(8000.0);
        // the creator's own progress comes after the runner's on the same topic: the first update
        // the blocked person sees is the creator's, the runner's was not sent to them
        creator.api().post("/api/v1/challenges/" + challenge + "/join", null).expect(200);
        creator.api()
                .post("/api/v1/steps/sync", Map.of("steps", List.of(Map.of("date", day.toString(), "steps", 3000))))
                .expect(200);
        var seenByBlocked = blockedSocket.next("challenge_update");
        assertThat(seenByBlocked
                        .path("data")
                        .path("entries")
                        .path(0)
                        .path("user_id")
                        .asString())
                .isEqualTo(creator.id().toString());
    }

    @Test
    void workThatRollsBackSendsNoEvent() throws Exception {
        var person = register();
        var socket = ws(port, "/api/v1/ws", person.accessToken());
        socket.next("authenticated");
        subscribe(socket, "me");

        tx.executeWithoutResult(status -> {
            bus.publish(Topic.user(person.id()), EventType.LEVEL, () -> Map.of("level", 99, "xp", 0));
            status.setRollbackOnly();
        });
        tx.executeWithoutResult(
                status -> bus.publish(Topic.user(person.id()), EventType.LEVEL, () -> Map.of("level", 2, "xp", 100)));

        // the rolled-back event would have come first (ids follow publishing order)
        var level = socket.next("level");
        assertThat(level.path("data").path("level").asInt()).isEqualTo(2);
    }

    @Test
    void connectionsPerPersonAreLimited() throws Exception {
        var person = register();
        var open = new java.util.ArrayList<LiveClients.Ws>();
        for (int i = 0; i < 10; i++) {
            var socket = ws(port, "/api/v1/ws", person.accessToken());
            socket.next("authenticated");
            open.add(socket);
        }
        // every open socket holds its place in the instance's count (other tests' sockets may too)
        assertThat(hub.connections()).isGreaterThanOrEqualTo(10);
        assertThat(LiveClients.refusedUpgrade(port, "/api/v1/ws", person.accessToken()))
                .isEqualTo(429);
        assertThat(sse(port, person.accessToken(), "me", null).status()).isEqualTo(429);
        open.getFirst().socket().sendClose(1000, "bye").join();
        await().untilAsserted(() -> {
            var again = ws(port, "/api/v1/ws", person.accessToken());
            again.next("authenticated");
        });
    }
}
