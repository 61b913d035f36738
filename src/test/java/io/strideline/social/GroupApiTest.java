package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Groups: roles, joining public and private groups, invitations, requests, the group feed. */
class GroupApiTest extends SocialTestBase {

    @Test
    void aPublicGroupIsJoinedAtOnceAndItsPostsAreReadByAnyone() {
        var owner = register();
        var runner = register();
        var reader = register();
        String name = "Sunday Läufer " + UUID.randomUUID().toString().substring(0, 6);
        var created = owner.api()
                .post("/api/v1/groups", Map.of("name", name, "visibility", "public"))
                .expect(201);
        UUID group = created.id();
        assertThat(created.header("Location")).endsWith("/api/v1/groups/" + group);
        assertThat(created.str("my_role")).isEqualTo("owner");
        assertThat(created.body().path("member_count").asInt()).isOne();

        assertThat(ids(
                        runner.api()
                                .get("/api/v1/groups?query=laufer%20" + name.substring(name.length() - 6))
                                .expect(200)
                                .body()
                                .path("items"),
                        ""))
                .containsExactly(group.toString());
        var joined = runner.api()
                .post("/api/v1/groups/" + group + "/members", Map.of())
                .expect(200);
        assertThat(joined.str("my_state")).isEqualTo("member");
        runner.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        assertThat(runner.api()
                        .get("/api/v1/groups/" + group)
                        .expect(200)
                        .body()
                        .path("member_count")
                        .asInt())
                .isEqualTo(2);

        UUID post = runner.api()
                .post("/api/v1/posts", Map.of("text", "Who runs Sunday?", "group_id", group.toString()))
                .expect(201)
                .id();
        reader.api()
                .post("/api/v1/posts", Map.of("text", "me too", "group_id", group.toString()))
                .problem(422, "validation_failed");
        runner.api()
                .post("/api/v1/posts", Map.of("text", "x", "group_id", group.toString(), "visibility", "public"))
                .problem(422, "validation_failed");
        assertThat(ids(
                        reader.api()
                                .get("/api/v1/groups/" + group + "/feed")
                                .expect(200)
                                .body()
                                .path("items"),
                        ""))
                .containsExactly(post.toString());
        assertThat(reader.api().get("/api/v1/feed").expect(200).body().path("items"))
                .as("group posts stay in the group")
                .isEmpty();
        assertThat(ids(
                        reader.api()
                                .get("/api/v1/groups/" + group + "/members")
                                .expect(200)
                                .body()
                                .path("items"),
                        "/user/id"))
                .containsExactlyInAnyOrder(owner.id().toString(), runner.id().toString());
    }

    @Test
    void aPrivateGroupIsReadByItsMembersOnlyAndJoinedByInvitationOrApproval() {
        var owner = register();
        var asker = register();
        var invited = register();
        var outsider = register();
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Secret club", "visibility", "private"))
                .expect(201)
                .id();
        assertThat(outsider.api().get("/api/v1/groups/" + group).expect(200).str("name"))
                .isEqualTo("Secret club");
        assertThat(ids(
                        outsider.api()
                                .get("/api/v1/groups?query=secret%20club")
                                .expect(200)
                                .body()
                                .path("items"),
                        ""))
                .doesNotContain(group.toString());

        assertThat(asker.api()
                        .post("/api/v1/groups/" + group + "/members", Map.of())
                        .expect(200)
                        .str("my_state"))
                .isEqualTo("requested");
        asker.api().get("/api/v1/groups/" + group + "/feed").problem(404, "not_found");
        asker.api().get("/api/v1/groups/" + group + "/members?state=requested").problem(404, "not_found");
        assertThat(ids(
                        owner.api()
                                .get("/api/v1/groups/" + group + "/members?state=requested")
                                .expect(200)
                                .body()
                                .path("items"),
                        "/user/id"))
                .containsExactly(asker.id().toString());
        assertThat(owner.api()
                        .put("/api/v1/groups/" + group + "/members/" + asker.id(), null)
                        .expect(200)
                        .str("state"))
                .isEqualTo("member");

        assertThat(owner.api()
                        .put("/api/v1/groups/" + group + "/members/" + invited.id(), null)
                        .expect(200)
                        .str("state"))
                .isEqualTo("invited");
        assertThat(invited.api().get("/api/v1/groups/" + group).expect(200).str("my_state"))
                .isEqualTo("invited");
        invited.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        assertThat(owner.api()
                        .get("/api/v1/groups/" + group)
                        .expect(200)
                        .body()
                        .path("member_count")
                        .asInt())
                .isEqualTo(3);

        UUID post = invited.api()
                .post("/api/v1/posts", Map.of("text", "hi club", "group_id", group.toString()))
                .expect(201)
                .id();
        asker.api().get("/api/v1/posts/" + post).expect(200);
        outsider.api().get("/api/v1/posts/" + post).problem(404, "not_found");
        outsider.api().get("/api/v1/groups/" + group + "/members").problem(404, "not_found");
        owner.api()
                .put("/api/v1/groups/" + group + "/members/" + UUID.randomUUID(), null)
                .problem(404, "not_found");
    }

    @Test
    void rolesDecideWhoChangesWhatAndTheLastOwnerStays() {
        var owner = register();
        var admin = register();
        var member = register();
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Roles", "visibility", "public"))
                .expect(201)
                .id();
        admin.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        member.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        member.api().patch("/api/v1/groups/" + group, Map.of("name", "Mine")).problem(403, "forbidden");
        owner.api()
                .patch("/api/v1/groups/" + group + "/members/" + admin.id(), Map.of("role", "admin"))
                .expect(200);
        assertThat(admin.api()
                        .patch("/api/v1/groups/" + group, Map.of("description", "Run together"))
                        .expect(200)
                        .str("description"))
                .isEqualTo("Run together");
        admin.api().patch("/api/v1/groups/" + group, Map.of("name", "")).problem(422, "validation_failed");
        admin.api()
                .patch("/api/v1/groups/" + group + "/members/" + owner.id(), Map.of("role", "member"))
                .problem(403, "forbidden");
        admin.api()
                .patch("/api/v1/groups/" + group + "/members/" + member.id(), Map.of("role", "owner"))
                .problem(403, "forbidden");
        admin.api()
                .patch("/api/v1/groups/" + group + "/members/" + member.id(), Map.of("role", "boss"))
                .problem(422, "validation_failed");
        admin.api().delete("/api/v1/groups/" + group).problem(403, "forbidden");

        owner.api().delete("/api/v1/groups/" + group + "/members/" + owner.id()).problem(409, "last_owner");
        owner.api()
                .patch("/api/v1/groups/" + group + "/members/" + owner.id(), Map.of("role", "admin"))
                .problem(409, "last_owner");
        admin.api()
                .delete("/api/v1/groups/" + group + "/members/" + member.id())
                .expect(204);
        member.api()
                .delete("/api/v1/groups/" + group + "/members/" + member.id())
                .expect(204);
        owner.api()
                .patch("/api/v1/groups/" + group + "/members/" + admin.id(), Map.of("role", "owner"))
                .expect(200);
        owner.api().delete("/api/v1/groups/" + group + "/members/" + owner.id()).expect(204);
        admin.api().delete("/api/v1/groups/" + group).expect(204);
        admin.api().get("/api/v1/groups/" + group).problem(404, "not_found");
    }

    @Test
    void blockedPeopleAreHiddenInMemberListsAndGroupFeeds() {
        var owner = register();
        var troll = register();
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Open", "visibility", "public"))
                .expect(201)
                .id();
        troll.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        troll.api()
                .post("/api/v1/posts", Map.of("text", "spam", "group_id", group.toString()))
                .expect(201);
        block(owner, troll);
        var members = owner.api()
                .get("/api/v1/groups/" + group + "/members")
                .expect(200)
                .body()
                .path("items");
        assertThat(members).hasSize(2);
        assertThat(members.findValues("hidden").stream()
                        .filter(h -> h.asBoolean())
                        .count())
                .isOne();
        assertThat(members.toString()).doesNotContain(troll.id().toString());
        assertThat(owner.api()
                        .get("/api/v1/groups/" + group + "/feed")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void badGroupsNameTheirFields() {
        var owner = register();
        var problem = owner.api()
                .post("/api/v1/groups", Map.of("name", " ", "description", "x".repeat(2001)))
                .problem(422, "validation_failed");
        assertThat(problem.fields()).containsExactlyInAnyOrder("name", "description", "visibility");
        owner.api().get("/api/v1/groups?query=a").problem(422, "validation_failed");
        owner.api().get("/api/v1/groups/" + UUID.randomUUID()).problem(404, "not_found");
    }
}
