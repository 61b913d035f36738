package io.strideline.realtime;

import static io.strideline.realtime.LiveClients.sse;
import static io.strideline.realtime.LiveClients.ws;
import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.StridelineApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Two server instances on one database, as behind a load balancer without sticky sessions: what
 * happens through one is seen through the other, and what must be counted once is counted once.
 */
class TwoInstancesTest {

    @TempDir
    static Path var;

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static Api apiA;
    static Api apiB;

    @BeforeAll
    static void startTwoInstances() {
        a = start();
        b = start();
        apiA = new Api(port(a));
        apiB = new Api(port(b));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static ConfigurableApplicationContext start() {
        return SpringApplication.run(
                StridelineApplication.class,
                "--spring.profiles.active=test",
                "--server.port=0",
                "--strideline.db.embedded.data-dir=" + var.resolve("postgres"),
                "--strideline.db.embedded.clean-on-start=false",
                "--strideline.security.jwt.secret-file=" + var.resolve("jwt-secret"),
                "--strideline.security.zone-blur.secret-file=" + var.resolve("zone-blur-secret"),
                "--strideline.pairing.codes-per-user-per-minute=4");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private record Person(UUID id, String token) {}

    private record Device(UUID id, String token) {}

    private static Person register(Api api) {
        var r = api.post(
                        "/api/v1/auth/register",
                        Map.of(
                                "email",
                                "two-" + UUID.randomUUID() + "@example.com",
                                "password",
                                "correct horse battery",
                                "display_name",
                                "Twin"))
                .expect(201);
        return new Person(UUID.fromString(r.body().path("user").path("id").asString()), r.str("access_token"));
    }

    /** Code on one instance, claim on the other. */
    private static Device pair(Person person) {
        String code = apiA.as(person.token())
                .post("/api/v1/pairing/codes", Map.of())
                .expect(201)
                .str("code");
        var claimed = apiB.post(
                        "/api/v1/pairing/claim",
                        Map.of(
                                "code",
                                code,
                                "hardware_id",
                                "HW-" + UUID.randomUUID(),
                                "kind",
                                "glasses",
                                "model",
                                "RunSight G1"))
                .expect(201);
        return new Device(
                UUID.fromString(claimed.body().path("device").path("id").asString()), claimed.str("device_token"));
    }

    @Test
    void anEventFromARequestToOneInstanceReachesSocketsAndStreamsOnTheOther() throws Exception {
        var person = register(apiA);
        var device = pair(person);
        String topic = "device:" + device.id();
        var socket = ws(port(b), "/api/v1/ws", person.token());
        socket.next("authenticated");
        socket.send("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        socket.next("subscribed");
        var stream = sse(port(b), person.token(), topic, null);
        stream.next("subscribed");
        var deviceSocket = ws(port(b), "/api/v1/device/ws", device.token());

        String command = apiA.as(person.token())
                .post("/api/v1/devices/" + device.id() + "/commands", Map.of("name", "reboot"))
                .expect(201)
                .str("id");

        var onSocket = socket.next("command");
        assertThat(onSocket.path("topic").asString()).isEqualTo(topic);
        assertThat(onSocket.path("data").path("command_id").asString()).isEqualTo(command);
        assertThat(onSocket.path("data").path("state").asString()).isEqualTo("queued");
        var onStream = stream.next("command");
        assertThat(onStream.json().path("data").path("command_id").asString()).isEqualTo(command);
        assertThat(onStream.id()).isEqualTo(onSocket.path("id").asString());

        // the command queued through A is pushed to the device connected to B, and its ack there
        // marks it delivered for everyone
        var pushed = deviceSocket.next("command");
        assertThat(pushed.path("command").path("id").asString()).isEqualTo(command);
        deviceSocket.send("{\"type\":\"ack\",\"command_id\":\"" + command + "\"}");
        assertThat(deviceSocket.next("ack").path("delivered").asBoolean()).isTrue();
        var listed = apiA.as(person.token())
                .get("/api/v1/devices/" + device.id() + "/commands")
                .expect(200)
                .body()
                .path("items");
        assertThat(listed.path(0).path("id").asString()).isEqualTo(command);
        assertThat(listed.path(0).path("state").asString()).isEqualTo("delivered");
        stream.close();
    }

    @Test
    void aRemovalFromAGroupThroughOneInstanceClosesTheChallengeFollowersOnTheOther() throws Exception {
        var owner = register(apiA);
        var member = register(apiA);
        UUID group = apiA.as(owner.token())
                .post("/api/v1/groups", Map.of("name", "Twins " + UUID.randomUUID(), "visibility", "public"))
                .expect(201)
                .id();
        apiA.as(member.token())
                .post("/api/v1/groups/" + group + "/members", Map.of())
                .expect(200);
        // the server's "today" (it runs on the system clock here)
        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        UUID challenge = apiA.as(owner.token())
                .post(
                        "/api/v1/challenges",
                        Map.of(
                                "name",
                                "Twin steps",
                                "metric",
                                "steps",
                                "start_date",
                                today.toString(),
                                "end_date",
                                today.plusDays(3).toString(),
                                "visibility",
                                "group",
                                "group_id",
                                group.toString()))
                .expect(201)
                .id();
        String topic = "challenge:" + challenge;
        var socket = ws(port(b), "/api/v1/ws", member.token());
        socket.next("authenticated");
        socket.send("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        assertThat(socket.next("subscribed").path("topics").toString()).contains(topic);
        var stream = sse(port(b), member.token(), topic, null);
        stream.next("subscribed");

        apiA.as(owner.token())
                .delete("/api/v1/groups/" + group + "/members/" + member.id())
                .expect(204);

        assertThat(socket.awaitClose()).isEqualTo(4403);
        assertThat(socket.closeReason).startsWith("access_revoked");
        assertThat(stream.next("closed").data()).contains("access_revoked");
    }

    @Test
    void aStoppingInstanceTellsItsClientsToReconnectElsewhere() throws Exception {
        var person = register(apiA);
        var third = start();
        var socket = ws(port(third), "/api/v1/ws", person.token());
        socket.next("authenticated");
        var stream = sse(port(third), person.token(), "me", null);
        stream.next("subscribed");

        third.close();

        assertThat(socket.awaitClose()).isEqualTo(1001);
        assertThat(socket.closeReason).isEqualTo("server_shutdown");
        assertThat(stream.next("closed").data()).contains("server_shutdown");
        // and the others go on: the same token opens a socket on A
        ws(port(a), "/api/v1/ws", person.token()).next("authenticated");
    }

    @Test
    void aRateLimitConsumedOnOneInstanceIsSeenOnTheOther() {
        var person = register(apiA);
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? apiA : apiB)
                    .as(person.token())
                    .post("/api/v1/pairing/codes", Map.of())
                    .expect(201);
        }
        var refused = apiB.as(person.token()).post("/api/v1/pairing/codes", Map.of());
        refused.problem(429, "rate_limited");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        apiA.as(person.token()).post("/api/v1/pairing/codes", Map.of()).problem(429, "rate_limited");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyOnTheOtherInstanceReplaysTheFirstAnswer() throws Exception {
        var person = register(apiA);
        String key = UUID.randomUUID().toString();
        var first = post(port(a), person.token(), key);
        var second = post(port(b), person.token(), key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void theOfflineJobRunningOnBothInstancesAtOnceMarksADeviceOfflineOnce() {
        var person = register(apiA);
        var device = pair(person);
        apiB.as(device.token()).get("/api/v1/device/commands").expect(200);
        var jdbc = a.getBean(JdbcClient.class);
        // SQL aging stays here: both instances run on the system clock (no TestClock to move)
        jdbc.sql("update devices set last_seen_at = ? where id = ?")
                .params(java.time.OffsetDateTime.now().minusDays(1), device.id())
                .update();

        var onA = CompletableFuture.supplyAsync(() -> offlineJob(a));
        var onB = CompletableFuture.supplyAsync(() -> offlineJob(b));
        long marked = List.of(onA.join(), onB.join()).stream()
                .flatMap(List::stream)
                .filter(w -> String.valueOf(w).contains(device.id().toString()))
                .count();
        assertThat(marked).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from device_status_events where device_id = ? and kind = 'offline'")
                        .param(device.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    /** The offline job's core, as its schedule runs it on each instance. */
    private static List<?> offlineJob(ConfigurableApplicationContext context) {
        Object ops = context.getBean("deviceOpsService");
        var gone = ReflectionTestUtils.invokeMethod(ops, "markOfflineDevices");
        return gone instanceof List<?> list ? list : List.of();
    }

    private static HttpResponse<String> post(int port, String token, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/pairing/codes"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
