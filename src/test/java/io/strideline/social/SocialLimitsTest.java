package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Friend requests and group invitations are limited per person and hour; answering them is not. */
@TestPropertySource(
        properties = {
            "strideline.social.friend-requests-per-hour=" + SocialLimitsTest.LIMIT,
            "strideline.social.group-invitations-per-hour=" + SocialLimitsTest.LIMIT
        })
class SocialLimitsTest extends SocialTestBase {

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
        assertThat(refused.header("Retry-After")).isNotBlank();
        // accepting someone else's request still works
        var asker = register();
        asker.api().post("/api/v1/friends/requests/" + spammer.id(), Map.of()).expect(200);
        spammer.api()
                .post("/api/v1/friends/requests/" + asker.id() + "/accept", Map.of())
                .expect(200);
    }

    @Test
    void theGroupInvitationAfterTheLimitIsRefusedWithRetryAfterAndSendsNothing() {
        var admin = register();
        UUID group = admin.api()
                .post("/api/v1/groups", Map.of("name", "Spam club", "visibility", "private"))
                .expect(201)
                .id();
        var asker = register();
        asker.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        for (int i = 0; i < LIMIT; i++) {
            admin.api()
                    .put("/api/v1/groups/" + group + "/members/" + register().id(), null)
                    .expect(200);
        }
        var target = register();
        var refused = admin.api()
                .put("/api/v1/groups/" + group + "/members/" + target.id(), null)
                .problem(429, "rate_limited");
        assertThat(refused.header("Retry-After")).isNotBlank();
        // not invited: the private group's card (by its link) shows no state of theirs
        assertThat(target.api()
                        .get("/api/v1/groups/" + group)
                        .expect(200)
                        .body()
                        .hasNonNull("my_state"))
                .isFalse();
        assertThat(target.api().get("/api/v1/notifications").expect(200).body().path("items"))
                .isEmpty();
        // approving a request to join is not an invitation
        assertThat(admin.api()
                        .put("/api/v1/groups/" + group + "/members/" + asker.id(), null)
                        .expect(200)
                        .str("state"))
                .isEqualTo("member");
    }
}
