package io.strideline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Sign-in limits, in a context of its own with a low per-account limit so that no other test
 * class runs into it. Every test uses its own accounts, so their buckets never meet.
 */
@TestPropertySource(properties = "strideline.security.auth-limits.per-account-per-minute=" + AuthRateLimitTest.LIMIT)
class AuthRateLimitTest extends ApiTest {

    static final int LIMIT = 3;

    private Api.Response login(String email, String password) {
        return api.anonymous().post("/api/v1/auth/login", Map.of("email", email, "password", password));
    }

    private void exhaust(String email) {
        for (int i = 0; i < LIMIT; i++) {
            login(email, "wrong password " + i).problem(401, "invalid_credentials");
        }
    }

    @Test
    void repeatedFailedLoginsForOneAccountAreRateLimited() {
        var ann = register();
        exhaust(ann.email());

        var limited = login(ann.email(), "wrong password again").problem(429, "rate_limited");

        assertThat(limited.header("Retry-After")).as("Retry-After").matches("\\d+");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.body().path("detail").asString()).isNotBlank();
    }

    @Test
    void rateLimitedAccountIsRefusedEvenWithTheRightPassword() {
        var ann = register();
        exhaust(ann.email());

        login(ann.email(), "correct horse battery").problem(429, "rate_limited");
    }

    @Test
    void limitIsKeptPerAccount() {
        var ann = register();
        var bob = register();
        exhaust(ann.email());
        login(ann.email(), "wrong password again").problem(429, "rate_limited");

        var r = login(bob.email(), "correct horse battery").expect(200);

        assertThat(r.body().path("user").path("id").asString())
                .isEqualTo(bob.id().toString());
    }

    @Test
    void limitCannotBeDodgedByChangingCaseOrPaddingTheEmail() {
        var ann = register();
        exhaust(ann.email());

        login(ann.email().toUpperCase(Locale.ROOT), "wrong password").problem(429, "rate_limited");
        login(" " + ann.email() + " ", "wrong password").problem(429, "rate_limited");
        login("  " + ann.email(), "correct horse battery").problem(429, "rate_limited");
    }
}
