package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** A refusal that a later retry may get past (here: a rate limit) is not replayed for 24 hours. */
@DirtiesContext
@TestPropertySource(properties = {"strideline.pairing.codes-per-user-per-minute=1", "strideline.db.max-pool-size=3"})
class IdempotencyRetryTest extends ApiTest {

    @LocalServerPort
    int serverPort;

    @Test
    void rateLimitedAnswerIsNotStoredUnderTheKey() throws Exception {
        var runner = register();
        assertThat(post(runner.accessToken(), UUID.randomUUID().toString()).statusCode())
                .isEqualTo(201);
        String key = UUID.randomUUID().toString();
        var limited = post(runner.accessToken(), key);
        assertThat(limited.statusCode()).isEqualTo(429);

        var retry = post(runner.accessToken(), key);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    private HttpResponse<String> post(String token, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + "/api/v1/pairing/codes"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
