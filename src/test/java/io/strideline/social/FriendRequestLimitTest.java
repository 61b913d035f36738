package io.strideline.social;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Friend requests are limited per person and hour; answering them is not. */
@TestPropertySource(properties = "strideline.social.friend-requests-per-hour=" + FriendRequestLimitTest.LIMIT)
class FriendRequestLimitTest extends SocialTestBase {

    static final int LIMIT = 2;

    @Test
    void theRequestAfterTheLimitIsRefusedWithRetryAfter() {
        var spammer = register();
        for (int i = 0; i < LIMIT; i++) {
            spammer.api()
                    .post("/api/v1/friends/requests/" + register().id(), Map.of())
                    .expect(200);
        }
        var target = register();
        var refused = spammer.api()
                .post("/api/v1/friends/requests/" + target.id(), Map.of())
                .problem(429, "rate_limited");
        org.assertj.core.api.Assertions.assertThat(refused.header("Retry-After"))
                .isNotBlank();
        // accepting someone else's request still works
        var asker = register();
        asker.api().post("/api/v1/friends/requests/" + spammer.id(), Map.of()).expect(200);
        spammer.api()
                .post("/api/v1/friends/requests/" + asker.id() + "/accept", Map.of())
                .expect(200);
    }
}
