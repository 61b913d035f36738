package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

class IdempotencyTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int serverPort;

    @Test
    void retryWithSameKeyReplaysTheFirstAnswer() throws Exception {
        var runner = register();
        String key = UUID.randomUUID().toString();
        var first = post("/api/v1/pairing/codes", runner.accessToken(), key, "{}");
        var second = post("/api/v1/pairing/codes", runner.accessToken(), key, "{}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).as("the same code, not a new one").isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() throws Exception {
        var device = pair(register());
        String key = UUID.randomUUID().toString();
        var start = Instant.now().minus(1, ChronoUnit.DAYS);
        var a = json(run(UUID.randomUUID(), start));
        var b = json(run(UUID.randomUUID(), start));
        assertThat(post("/api/v1/device/runs", device.token(), key, a).statusCode())
                .isEqualTo(201);
        var refused = post("/api/v1/device/runs", device.token(), key, b);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("idempotency_key_reused");
    }

    @Test
    void retryWhileTheFirstIsRunningIsAConflict() throws Exception {
        var runner = register();
        String key = UUID.randomUUID().toString();
        // SQL: a first attempt still running is a state the API cannot hold still for a test
        jdbc.sql("insert into idempotency_keys (caller, key, request_hash) values (?, ?, ?)")
                .params("user:" + runner.id(), key, new byte[32])
                .update();
        var conflict = post("/api/v1/pairing/codes", runner.accessToken(), key, "{}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("idempotency_key_in_progress");
    }

    @Test
    void keysBelongToOneCaller() throws Exception {
        var ann = register();
        var bob = register();
        String key = UUID.randomUUID().toString();
        var forAnn = post("/api/v1/pairing/codes", ann.accessToken(), key, "{}");
        var forBob = post("/api/v1/pairing/codes", bob.accessToken(), key, "{}");
        assertThat(forBob.statusCode()).isEqualTo(201);
        assertThat(forBob.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(forBob.body()).isNotEqualTo(forAnn.body());
    }

    @Test
    void failedFirstAttemptMayBeRetried() throws Exception {
        var device = pair(register());
        String key = UUID.randomUUID().toString();
        var bad = post("/api/v1/device/runs", device.token(), key, "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        var replayed = post("/api/v1/device/runs", device.token(), key, "{not json");
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(post("/api/v1/device/runs", device.token(), "x".repeat(256), "{}")
                        .statusCode())
                .isEqualTo(422);
    }

    @Test
    void corruptGzipWithAKeyIsABadRequest() throws Exception {
        var device = pair(register());
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + "/api/v1/device/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("not gzip at all"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + device.token())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_gzip");
    }

    private static String json(Object body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }

    private HttpResponse<String> post(String path, String token, String key, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
