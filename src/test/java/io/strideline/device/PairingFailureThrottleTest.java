package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Failed claims are throttled for everyone together, so that codes cannot be enumerated by
 * spreading guesses over many addresses. Its own Spring context, so the counters start fresh; closed
 * after the class (an unclosed one waits on the already stopped database at JVM exit).
 */
@DirtiesContext // closed after the class, while the shared database still runs
@TestPropertySource(
        properties = {
            "strideline.pairing.failed-claims-per-minute=3",
            "strideline.pairing.claims-per-ip-per-minute=100000",
            "strideline.db.max-pool-size=4"
        })
class PairingFailureThrottleTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private String unusedCode() {
        while (true) {
            String code = "%06d".formatted(ThreadLocalRandom.current().nextInt(1_000_000));
            if (jdbc.sql("select count(*) from pairing_codes where code = ?")
                            .param(code)
                            .query(Long.class)
                            .single()
                    == 0) {
                return code;
            }
        }
    }

    private static Map<String, Object> claim(String code) {
        return Map.of("code", code, "hardware_id", "HW-" + UUID.randomUUID(), "kind", "glasses");
    }

    @Test
    void afterTooManyWrongCodesEvenACorrectCodeIsRefused() {
        var person = register();
        String code =
                person.api().post("/api/v1/pairing/codes", Map.of()).expect(201).str("code");

        // malformed claims are not guesses: they do not count
        for (int i = 0; i < 5; i++) {
            api.anonymous().post("/api/v1/pairing/claim", claim("12ab56")).problem(422, "validation_failed");
        }
        for (int i = 0; i < 3; i++) {
            api.anonymous().post("/api/v1/pairing/claim", claim(unusedCode())).problem(400, "pairing_code_invalid");
        }

        var refused = api.anonymous().post("/api/v1/pairing/claim", claim(code)).problem(429, "rate_limited");

        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("status"))
                .isEqualTo("pending");
        assertThat(person.api().get("/api/v1/devices").expect(200).body().path("items"))
                .isEmpty();
    }
}
