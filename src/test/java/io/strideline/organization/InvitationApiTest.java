package io.strideline.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api.Response;
import io.strideline.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InvitationApiTest extends ApiTest {

    private UUID org(Person owner, String name) {
        return owner.api()
                .post("/api/v1/orgs", Map.of("name", name))
                .expect(201)
                .id();
    }

    private static String invitations(UUID org) {
        return "/api/v1/orgs/" + org + "/invitations";
    }

    private static Response invite(Person admin, UUID org, String email, String role) {
        return admin.api().post(invitations(org), Map.of("email", email, "role", role));
    }

    private static List<String> ids(JsonNode page) {
        var out = new ArrayList<String>();
        page.path("items").forEach(i -> out.add(i.path("id").asString()));
        return out;
    }

    private static List<String> memberIds(Person reader, UUID org) {
        var out = new ArrayList<String>();
        reader.api()
                .get("/api/v1/orgs/" + org + "/members")
                .expect(200)
                .body()
                .path("items")
                .forEach(m -> out.add(m.path("user_id").asString()));
        return out;
    }

    /** The raw response text with the values that must differ (id, email, times) blanked out. */
    private static String masked(Response r) {
        String text = r.text();
        for (String field : List.of("id", "email", "created_at", "expires_at")) {
            text = text.replace("\"" + r.str(field) + "\"", "\"<" + field + ">\"");
        }
        return text;
    }

    @Test
    void invitingAnswersTheSameForUnknownKnownAndMemberEmails() {
        var owner = register();
        var stranger = register();
        var member = register();
        UUID org = org(owner, "Greenhouse");
        join(owner, org, member, "viewer");

        var unknown = invite(owner, org, uniqueEmail(), "member").expect(201);
        var known = invite(owner, org, stranger.email(), "member").expect(201);
        var alreadyMember = invite(owner, org, member.email(), "member").expect(201);

        // byte for byte the same apart from id, email and timestamps: nothing says whether an account exists
        assertThat(masked(known)).isEqualTo(masked(unknown)).isEqualTo(masked(alreadyMember));
        for (var r : List.of(unknown, known, alreadyMember)) {
            assertThat(r.header("Content-Type")).isEqualTo(unknown.header("Content-Type"));
            assertThat(r.raw().headers().map().keySet())
                    .isEqualTo(unknown.raw().headers().map().keySet());
            assertThat(r.header("Location")).endsWith("/api/v1/orgs/" + org + "/invitations/" + r.str("id"));
            assertThat(r.body().propertyNames())
                    .containsExactly(
                            "id", "org_id", "email", "role", "state", "invited_by", "created_at", "expires_at");
            assertThat(r.str("state")).isEqualTo("pending");
            assertThat(r.str("invited_by")).isEqualTo(owner.id().toString());
        }
        assertThat(known.text()).doesNotContain(stranger.id().toString()).doesNotContain("Runner");

        // and nobody joined: the old add-by-email endpoint is gone
        assertThat(memberIds(owner, org))
                .containsExactlyInAnyOrder(owner.id().toString(), member.id().toString());
        var old = owner.api()
                .post("/api/v1/orgs/" + org + "/members", Map.of("email", stranger.email(), "role", "member"));
        assertThat(old.status()).isEqualTo(405);
        assertThat(memberIds(owner, org)).doesNotContain(stranger.id().toString());
    }

    @Test
    void inviteeSeesTheInvitationAndJoinsWithItsRoleOnlyByAccepting() {
        var owner = register();
        var invitee = register();
        UUID org = org(owner, "Vineyard");
        var sent = invite(owner, org, invitee.email(), "member").expect(201);

        // before accepting, the organization shows nothing about them
        assertThat(memberIds(owner, org)).containsExactly(owner.id().toString());
        invitee.api().get("/api/v1/orgs/" + org).problem(404, "not_found");
        var pending = owner.api().get(invitations(org)).expect(200).body();
        assertThat(ids(pending)).containsExactly(sent.str("id"));
        assertThat(pending.path("items").get(0).path("email").asString()).isEqualTo(invitee.email());

        var mine = invitee.api().get("/api/v1/me/invitations").expect(200).body();
        assertThat(ids(mine)).containsExactly(sent.str("id"));
        var received = mine.path("items").get(0);
        assertThat(received.path("org_id").asString()).isEqualTo(org.toString());
        assertThat(received.path("org_name").asString()).isEqualTo("Vineyard");
        assertThat(received.path("role").asString()).isEqualTo("member");
        assertThat(received.path("invited_by_name").asString()).isEqualTo("Runner");
        assertThat(Instant.parse(received.path("expires_at").asString()))
                .isEqualTo(Instant.parse(sent.str("expires_at")));

        var joined = invitee.api()
                .post("/api/v1/me/invitations/" + sent.str("id") + ":accept", Map.of())
                .expect(200);
        assertThat(joined.str("id")).isEqualTo(org.toString());
        assertThat(joined.str("role")).isEqualTo("member");
        assertThat(memberIds(owner, org))
                .containsExactlyInAnyOrder(owner.id().toString(), invitee.id().toString());
        assertThat(invitee.api().get("/api/v1/orgs/" + org).expect(200).str("role"))
                .isEqualTo("member");
        assertThat(invitee.api()
                        .get("/api/v1/me/invitations")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        assertThat(owner.api().get(invitations(org)).expect(200).body().path("items"))
                .isEmpty();

        // accepting again is harmless and answers the same
        assertThat(invitee.api()
                        .post("/api/v1/me/invitations/" + sent.str("id") + ":accept", Map.of())
                        .expect(200)
                        .str("role"))
                .isEqualTo("member");
        assertThat(memberIds(owner, org)).hasSize(2);
    }

    @Test
    void emailsAreNormalizedAndMatchedRegardlessOfCase() {
        var owner = register();
        var invitee = register();
        UUID org = org(owner, "Orchard");
        var sent = invite(owner, org, "  " + invitee.email().toUpperCase() + " ", "viewer")
                .expect(201);
        assertThat(sent.str("email")).isEqualTo(invitee.email());

        assertThat(ids(invitee.api().get("/api/v1/me/invitations").expect(200).body()))
                .containsExactly(sent.str("id"));
        invitee.api()
                .post("/api/v1/me/invitations/" + sent.str("id") + ":accept", Map.of())
                .expect(200);
        assertThat(memberIds(owner, org)).contains(invitee.id().toString());
    }

    @Test
    void invitingAnOpenInvitationAgainRenewsItInsteadOfDuplicating() {
        var owner = register();
        var invitee = register();
        UUID org = org(owner, "Barn");
        var first = invite(owner, org, invitee.email(), "viewer").expect(201);
        var again = invite(owner, org, invitee.email().toUpperCase(), "member").expect(200);

        assertThat(again.str("id")).isEqualTo(first.str("id"));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.str("role")).isEqualTo("member");
        assertThat(again.str("created_at")).isEqualTo(first.str("created_at"));
        assertThat(Instant.parse(again.str("expires_at"))).isAfterOrEqualTo(Instant.parse(first.str("expires_at")));
        assertThat(ids(owner.api().get(invitations(org)).expect(200).body())).containsExactly(first.str("id"));
        var mine = invitee.api().get("/api/v1/me/invitations").expect(200).body();
        assertThat(ids(mine)).containsExactly(first.str("id"));
        assertThat(mine.path("items").get(0).path("role").asString()).isEqualTo("member");
    }

    @Test
    void invitationsLastSevenDaysByDefault() {
        var owner = register();
        var sent = invite(owner, org(owner, "Shed"), uniqueEmail(), "viewer").expect(201);
        assertThat(Duration.between(Instant.parse(sent.str("created_at")), Instant.parse(sent.str("expires_at"))))
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aMemberWhoAcceptsAnotherInvitationKeepsTheirRole() {
        var owner = register();
        var admin = register();
        UUID org = org(owner, "Mill");
        join(owner, org, admin, "admin");
        var sent = invite(owner, org, admin.email(), "viewer").expect(201);

        assertThat(admin.api()
                        .post("/api/v1/me/invitations/" + sent.str("id") + ":accept", Map.of())
                        .expect(200)
                        .str("role"))
                .isEqualTo("admin");
        assertThat(memberIds(owner, org)).hasSize(2);
    }

    @Test
    void declinedInvitationIsGoneAndCannotBeAcceptedAfterwards() {
        var owner = register();
        var invitee = register();
        UUID org = org(owner, "Dairy");
        String id = invite(owner, org, invitee.email(), "member").expect(201).str("id");

        invitee.api()
                .post("/api/v1/me/invitations/" + id + ":decline", Map.of())
                .expect(204);
        invitee.api()
                .post("/api/v1/me/invitations/" + id + ":decline", Map.of())
                .expect(204);

        assertThat(invitee.api()
                        .get("/api/v1/me/invitations")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        assertThat(owner.api().get(invitations(org)).expect(200).body().path("items"))
                .isEmpty();
        invitee.api().post("/api/v1/me/invitations/" + id + ":accept", Map.of()).problem(409, "invitation_declined");
        assertThat(memberIds(owner, org)).containsExactly(owner.id().toString());

        // a new invitation can be accepted; declining the accepted one is refused
        String next = invite(owner, org, invitee.email(), "member").expect(201).str("id");
        assertThat(next).isNotEqualTo(id);
        invitee.api()
                .post("/api/v1/me/invitations/" + next + ":accept", Map.of())
                .expect(200);
        invitee.api()
                .post("/api/v1/me/invitations/" + next + ":decline", Map.of())
                .problem(409, "invitation_accepted");
        assertThat(memberIds(owner, org)).contains(invitee.id().toString());
    }

    @Test
    void revokedInvitationCannotBeAccepted() {
        var owner = register();
        var invitee = register();
        UUID org = org(owner, "Stable");
        String id = invite(owner, org, invitee.email(), "member").expect(201).str("id");

        owner.api().delete(invitations(org) + "/" + id).expect(204);
        owner.api().delete(invitations(org) + "/" + id).problem(404, "not_found");

        assertThat(owner.api().get(invitations(org)).expect(200).body().path("items"))
                .isEmpty();
        assertThat(invitee.api()
                        .get("/api/v1/me/invitations")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        invitee.api().post("/api/v1/me/invitations/" + id + ":accept", Map.of()).problem(404, "not_found");
        invitee.api()
                .post("/api/v1/me/invitations/" + id + ":decline", Map.of())
                .problem(404, "not_found");
        assertThat(memberIds(owner, org)).containsExactly(owner.id().toString());
    }

    @Test
    void expiredInvitationAnswers410UntilInvitedAgain() {
        var owner = register();
        var invitee = register();
        UUID org = org(owner, "Pond");
        var invited = invite(owner, org, invitee.email(), "member").expect(201);
        String id = invited.str("id");
        // a minute past its seven days by the application's clock; both sign in again at that time
        clock.pin(Instant.parse(invited.str("expires_at")).plusSeconds(60));
        owner = fresh(owner);
        invitee = fresh(invitee);

        assertThat(invitee.api()
                        .get("/api/v1/me/invitations")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        invitee.api().post("/api/v1/me/invitations/" + id + ":accept", Map.of()).problem(410, "invitation_expired");
        assertThat(memberIds(owner, org)).containsExactly(owner.id().toString());
        var listed = owner.api().get(invitations(org)).expect(200).body().path("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("state").asString()).isEqualTo("expired");

        // inviting again renews the same invitation
        var renewed = invite(owner, org, invitee.email(), "member").expect(200);
        assertThat(renewed.str("id")).isEqualTo(id);
        assertThat(renewed.str("state")).isEqualTo("pending");
        invitee.api().post("/api/v1/me/invitations/" + id + ":accept", Map.of()).expect(200);
        assertThat(memberIds(owner, org)).contains(invitee.id().toString());
    }

    @Test
    void onlyOwnersInviteAdminsAndOwnersAndOnlyAdminsManageInvitations() {
        var owner = register();
        var admin = register();
        var member = register();
        var viewer = register();
        UUID org = org(owner, "Works");
        join(owner, org, admin, "admin");
        join(owner, org, member, "member");
        join(owner, org, viewer, "viewer");
        String email = uniqueEmail();

        invite(admin, org, email, "admin").problem(403, "forbidden");
        invite(admin, org, email, "owner").problem(403, "forbidden");
        invite(member, org, email, "viewer").problem(403, "forbidden");
        invite(viewer, org, email, "viewer").problem(403, "forbidden");
        member.api().get(invitations(org)).problem(403, "forbidden");
        viewer.api().get(invitations(org)).problem(403, "forbidden");

        // an owner's invitation to admin is out of an admin's reach, also by inviting the email again
        String toAdmin = invite(owner, org, email, "admin").expect(201).str("id");
        invite(admin, org, email, "viewer").problem(403, "forbidden");
        admin.api().delete(invitations(org) + "/" + toAdmin).problem(403, "forbidden");
        assertThat(admin.api()
                        .get(invitations(org))
                        .expect(200)
                        .body()
                        .path("items")
                        .get(0)
                        .path("role")
                        .asString())
                .isEqualTo("admin");

        // admins invite members and viewers and withdraw them
        String toMember =
                invite(admin, org, uniqueEmail(), "member").expect(201).str("id");
        member.api().delete(invitations(org) + "/" + toMember).problem(403, "forbidden");
        admin.api().delete(invitations(org) + "/" + toMember).expect(204);
        owner.api().delete(invitations(org) + "/" + toAdmin).expect(204);
    }

    @Test
    void invitationInputIsValidated() {
        var owner = register();
        UUID org = org(owner, "Lab");
        assertThat(owner.api()
                        .post(invitations(org), Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("email", "role");
        for (String bad :
                List.of(" ", "no-at-sign", "@example.com", "ann@", "a b@example.com", "x".repeat(250) + "@e.com")) {
            assertThat(invite(owner, org, bad, "viewer")
                            .problem(422, "validation_failed")
                            .fields())
                    .as(bad)
                    .containsExactly("email");
        }
        var boss = invite(owner, org, uniqueEmail(), "boss").problem(422, "validation_failed");
        assertThat(boss.fields()).containsExactly("role");
        assertThat(boss.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of viewer, member, admin, owner");
        assertThat(owner.api()
                        .post(invitations(org), Map.of("email", uniqueEmail()))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("role");
        assertThat(owner.api()
                        .get(invitations(org) + "?limit=0")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("limit");
        assertThat(owner.api()
                        .get("/api/v1/me/invitations?cursor=nonsense")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("cursor");
        assertThat(owner.api()
                        .post("/api/v1/me/invitations/not-a-uuid:accept", Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("id");
        assertThat(owner.api().get(invitations(org)).expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void everyInvitationEndpointNeedsAUserToken() {
        var owner = register();
        UUID org = org(owner, "Kiln");
        String id = invite(owner, org, uniqueEmail(), "viewer").expect(201).str("id");
        var device = pair(owner).api();
        for (var client : List.of(api.anonymous(), device)) {
            String code = client == device ? "invalid_token" : "unauthorized";
            client.post(invitations(org), Map.of("email", uniqueEmail(), "role", "viewer"))
                    .problem(401, code);
            client.get(invitations(org)).problem(401, code);
            client.delete(invitations(org) + "/" + id).problem(401, code);
            client.get("/api/v1/me/invitations").problem(401, code);
            client.post("/api/v1/me/invitations/" + id + ":accept", Map.of()).problem(401, code);
            client.post("/api/v1/me/invitations/" + id + ":decline", Map.of()).problem(401, code);
        }
        assertThat(ids(owner.api().get(invitations(org)).expect(200).body())).containsExactly(id);
    }

    @Test
    void someoneElsesOrganizationOrInvitationIsNotFoundAndUntouched() {
        var owner = register();
        var invitee = register();
        var stranger = register();
        UUID org = org(owner, "Hives");
        UUID strangersOrg = org(stranger, "Elsewhere");
        String id = invite(owner, org, invitee.email(), "member").expect(201).str("id");

        // outside the organization: 404 for everything, as for an organization that does not exist
        var notMine = invite(stranger, org, stranger.email(), "owner").problem(404, "not_found");
        var none =
                invite(stranger, UUID.randomUUID(), stranger.email(), "owner").problem(404, "not_found");
        assertThat(notMine.str("detail")).isEqualTo(none.str("detail"));
        stranger.api().get(invitations(org)).problem(404, "not_found");
        stranger.api().delete(invitations(org) + "/" + id).problem(404, "not_found");
        // an admin of another organization cannot reach it through their own
        stranger.api().delete(invitations(strangersOrg) + "/" + id).problem(404, "not_found");

        // an invitation to someone else is not found, exactly like one that does not exist
        var other = stranger.api()
                .post("/api/v1/me/invitations/" + id + ":accept", Map.of())
                .problem(404, "not_found");
        var missing = stranger.api()
                .post("/api/v1/me/invitations/" + UUID.randomUUID() + ":accept", Map.of())
                .problem(404, "not_found");
        assertThat(other.str("detail")).isEqualTo(missing.str("detail"));
        stranger.api()
                .post("/api/v1/me/invitations/" + id + ":decline", Map.of())
                .problem(404, "not_found");
        assertThat(stranger.api()
                        .get("/api/v1/me/invitations")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        assertThat(memberIds(owner, org)).containsExactly(owner.id().toString());
        assertThat(ids(stranger.api().get(invitations(strangersOrg)).expect(200).body()))
                .isEmpty();

        // still the invitee's to accept
        invitee.api().post("/api/v1/me/invitations/" + id + ":accept", Map.of()).expect(200);
    }

    @Test
    void invitationListsArePagedNewestFirst() {
        var invitee = register();
        var owner = register();
        var sent = new ArrayList<String>();
        UUID first = null;
        for (String name : List.of("One", "Two", "Three")) {
            UUID org = org(owner, name);
            first = first == null ? org : first;
            sent.add(
                    0, invite(owner, org, invitee.email(), "viewer").expect(201).str("id"));
        }
        var page =
                invitee.api().get("/api/v1/me/invitations?limit=2").expect(200).body();
        assertThat(ids(page)).containsExactlyElementsOf(sent.subList(0, 2));
        var rest = invitee.api()
                .get("/api/v1/me/invitations?limit=2&cursor="
                        + page.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(ids(rest)).containsExactlyElementsOf(sent.subList(2, 3));
        assertThat(rest.path("next_cursor").isNull()).isTrue();

        var emails = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            emails.add(
                    0, invite(owner, first, uniqueEmail(), "viewer").expect(201).str("email"));
        }
        var orgPage =
                owner.api().get(invitations(first) + "?limit=3").expect(200).body();
        assertThat(orgPage.path("items")).hasSize(3);
        assertThat(orgPage.path("items").get(0).path("email").asString()).isEqualTo(emails.get(0));
        var orgRest = owner.api()
                .get(invitations(first) + "?limit=3&cursor="
                        + orgPage.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(orgRest.path("items")).hasSize(1);
        assertThat(orgRest.path("items").get(0).path("email").asString()).isEqualTo(invitee.email());
    }
}
