package io.strideline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A burst of sign-ins larger than the hashing pool and its queue: the overflow is refused at once
 * with 429 and Retry-After (never a 5xx or a long wait), the rest sign in, and the server signs
 * people in normally right after; and hashes are paced to the configured rate (a CPU budget).
 */
@TestPropertySource(
        properties = {
            "strideline.security.auth-limits.concurrent=1",
            "strideline.security.auth-limits.queue=1",
            "strideline.security.auth-limits.hashes-per-second=4"
        })
class SignInFloodTest extends ApiTest {

    @Test
    void signInsBeyondThePoolAndItsQueueAreRefusedAtOnceWith429() throws Exception {
        var ann = register();
        var answers = new ArrayList<Future<Api.Response>>();
        try (var clients = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 24; i++) {
                answers.add(clients.submit(() -> api.anonymous()
                        .post(
                                "/api/v1/auth/login",
                                Map.of("email", ann.email(), "password", "correct horse battery"))));
            }
        }
        int signedIn = 0;
        int refused = 0;
        for (var answer : answers) {
            var r = answer.get();
            if (r.status() == 200) {
                signedIn++;
            } else {
                r.problem(429, "rate_limited");
                assertThat(r.header("Retry-After")).isEqualTo("1");
                refused++;
            }
        }
        assertThat(signedIn).as("sign-ins served by the pool").isPositive();
        assertThat(refused).as("sign-ins refused while 1 hash ran and 1 waited").isPositive();

        api.anonymous()
                .post("/api/v1/auth/login", Map.of("email", ann.email(), "password", "correct horse battery"))
                .expect(200);
    }

    @Test
    void hashesArePacedToTheConfiguredRate() {
        var bob = register();
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            api.anonymous()
                    .post("/api/v1/auth/login", Map.of("email", bob.email(), "password", "correct horse battery"))
                    .expect(200);
        }
        // 4 a second: the three hashes start at least 2 x 250 ms apart from the first (a lower
        // bound only, so a slow machine cannot fail it)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
}
