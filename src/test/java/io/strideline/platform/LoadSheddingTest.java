package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * With every slot taken, one more API request is shed at once with 503 overloaded; health, sign-in
 * and sign-up (which have their own queue in front of the password hash) still answer.
 */
@TestPropertySource(properties = {"strideline.http.max-in-flight=1", "strideline.http.in-flight-wait=200ms"})
class LoadSheddingTest extends ApiTest {

    @LocalServerPort
    int serverPort;

    @Test
    void aRequestOverTheLimitIsShedAndTheNextOneServed() throws Exception {
        // the one slot is held by a request whose body is still on its way: headers and half a body
        // on a raw socket, so that the server has admitted it and waits for the rest
        String json = "{\"refresh_token\":\"not-a-real-refresh-token-at-all\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (var socket = new Socket("localhost", serverPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/refresh HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();

            // until the server has admitted it, a probe may itself be admitted; wait for the first shed
            Api.Response shed = org.awaitility.Awaitility.await("a request over max-in-flight is shed")
                    .atMost(java.time.Duration.ofSeconds(5))
                    .pollInterval(java.time.Duration.ofMillis(50))
                    .until(() -> api.get("/api/v1/system/version"), r -> r.status() == 503);
            shed.problem(503, "overloaded");
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            api.get("/api/v1/health").expect(200);
            api.post(
                            "/api/v1/auth/login",
                            java.util.Map.of("email", "nobody@example.com", "password", "wrong password"))
                    .problem(401, "invalid_credentials");

            out.write(body, 10, body.length - 10);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 401");
        }
        api.get("/api/v1/system/version").expect(200);
    }
}
