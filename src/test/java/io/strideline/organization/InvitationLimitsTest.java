package io.strideline.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Inviting is rate-limited per inviter and per organization, and invitations expire after the
 * configured time. Its own Spring context (own rate limiter, so the counters start fresh), with a
 * small pool, closed after the class. Every test uses its own people and organizations.
 */
@DirtiesContext
@TestPropertySource(
        properties = {
            "strideline.organization.invitations-per-inviter-per-hour=3",
            "strideline.organization.invitations-per-org-per-hour=5",
            "strideline.organization.invitation-ttl=2h",
            "strideline.db.max-pool-size=4"
        })
class InvitationLimitsTest extends ApiTest {

    private UUID org(Person owner) {
        return owner.api()
                .post("/api/v1/orgs", Map.of("name", "Fleet"))
                .expect(201)
                .id();
    }

    private static Api.Response invite(Person admin, UUID org) {
        return admin.api()
                .post("/api/v1/orgs/" + org + "/invitations", Map.of("email", uniqueEmail(), "role", "viewer"));
    }

    @Test
    void fourthInvitationOfOneInviterWithinTheHourIsRateLimited() {
        var owner = register();
        UUID org = org(owner);
        for (int i = 0; i < 3; i++) {
            invite(owner, org).expect(201);
        }
        var refused = invite(owner, org).problem(429, "rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(owner.api()
                        .get("/api/v1/orgs/" + org + "/invitations")
                        .expect(200)
                        .body()
                        .path("items"))
                .hasSize(3);
    }

    @Test
    void anOrganizationsAdminsShareItsBudgetAndARefusalCostsTheInviterNothing() {
        var owner = register();
        var admin = register();
        var otherOwner = register();
        UUID org = org(owner);
        UUID other = org(otherOwner);
        join(owner, org, admin, "admin"); // owner 1, org 1
        join(otherOwner, other, admin, "admin"); // other org 1
        invite(owner, org).expect(201);
        invite(owner, org).expect(201); // owner 3, org 3
        invite(admin, org).expect(201);
        invite(admin, org).expect(201); // admin 2, org 5

        invite(admin, org).problem(429, "rate_limited"); // the organization's limit

        // the refused invitation did not count against the admin: one left, then none
        invite(admin, other).expect(201);
        invite(admin, other).problem(429, "rate_limited");
    }

    @Test
    void outsidersDoNotSpendAnOrganizationsBudget() {
        var owner = register();
        var stranger = register();
        UUID org = org(owner);
        for (int i = 0; i < 6; i++) {
            invite(stranger, org).problem(404, "not_found");
        }
        invite(owner, org).expect(201);
    }

    @Test
    void invitationsExpireAfterTheConfiguredTime() {
        var owner = register();
        var sent = invite(owner, org(owner)).expect(201);
        assertThat(Duration.between(Instant.parse(sent.str("created_at")), Instant.parse(sent.str("expires_at"))))
                .isEqualTo(Duration.ofHours(2));
    }
}
