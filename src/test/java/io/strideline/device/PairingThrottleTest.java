package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Claims are throttled per client address. Its own Spring context (own rate limiter), so the
 * counters start fresh; a small pool, since every context holds connections to the shared database,
 * and closed after the class (an unclosed one waits on the already stopped database at JVM exit).
 */
@DirtiesContext // closed after the class, while the shared database still runs
@TestPropertySource(properties = {"strideline.pairing.claims-per-ip-per-minute=3", "strideline.db.max-pool-size=4"})
class PairingThrottleTest extends ApiTest {

    @Test
    void fourthClaimFromTheSameAddressIsRateLimited() {
        var person = register();

        // three attempts of any outcome use up the address's allowance
        pair(person);
        api.anonymous()
                .post("/api/v1/pairing/claim", Map.of("code", "12ab56", "hardware_id", "HW-1", "kind", "glasses"))
                .problem(422, "validation_failed");
        String code =
                person.api().post("/api/v1/pairing/codes", Map.of()).expect(201).str("code");
        String wrong = code.equals("999999") ? "999998" : "999999";
        api.anonymous()
                .post(
                        "/api/v1/pairing/claim",
                        Map.of("code", wrong, "hardware_id", "HW-" + UUID.randomUUID(), "kind", "glasses"))
                .expect(400);

        // the fourth is refused, even with a good code, which stays unspent
        var refused = api.anonymous()
                .post(
                        "/api/v1/pairing/claim",
                        Map.of("code", code, "hardware_id", "HW-" + UUID.randomUUID(), "kind", "glasses"))
                .problem(429, "rate_limited");

        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(person.api().get("/api/v1/pairing/codes/current").expect(200).str("status"))
                .isEqualTo("pending");
        assertThat(person.api().get("/api/v1/devices").expect(200).body().path("items"))
                .hasSize(1);
    }
}
