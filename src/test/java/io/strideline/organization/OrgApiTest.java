package io.strideline.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrgApiTest extends ApiTest {

    @Test
    void everyAccountHasAPersonalOrganizationItOwns() {
        var ann = register();
        var orgs = ann.api().get("/api/v1/orgs").expect(200).body().path("items");
        assertThat(orgs).hasSize(1);
        assertThat(orgs.get(0).path("personal").asBoolean()).isTrue();
        assertThat(orgs.get(0).path("role").asString()).isEqualTo("owner");
    }

    @Test
    void creatorOwnsANewOrganizationAndOthersCannotSeeIt() {
        var ann = register();
        var eve = register();
        UUID org = ann.api()
                .post("/api/v1/orgs", Map.of("name", "Greenhouse"))
                .expect(201)
                .id();

        var read = ann.api().get("/api/v1/orgs/" + org).expect(200);
        assertThat(read.str("name")).isEqualTo("Greenhouse");
        assertThat(read.str("role")).isEqualTo("owner");
        assertThat(read.body().path("raw_retention_days").asInt()).isEqualTo(90);

        eve.api().get("/api/v1/orgs/" + org).problem(404, "not_found");
        eve.api().get("/api/v1/orgs/" + org + "/members").problem(404, "not_found");
        eve.api().patch("/api/v1/orgs/" + org, Map.of("name", "Mine")).problem(404, "not_found");
        eve.api()
                .post("/api/v1/orgs/" + org + "/invitations", Map.of("email", eve.email(), "role", "owner"))
                .problem(404, "not_found");
        assertThat(ann.api().get("/api/v1/orgs/" + org).str("name")).isEqualTo("Greenhouse");
    }

    @Test
    void organizationInputIsValidated() {
        var ann = register();
        assertThat(ann.api()
                        .post("/api/v1/orgs", Map.of("name", " "))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("name");
        UUID org = ann.api()
                .post("/api/v1/orgs", Map.of("name", "Lab"))
                .expect(201)
                .id();
        assertThat(ann.api()
                        .patch("/api/v1/orgs/" + org, Map.of("raw_retention_days", 0))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("raw_retention_days");
        assertThat(ann.api()
                        .patch("/api/v1/orgs/" + org, Map.of("raw_retention_days", 30))
                        .expect(200)
                        .body()
                        .path("raw_retention_days")
                        .asInt())
                .isEqualTo(30);
        api.get("/api/v1/orgs").problem(401, "unauthorized");
        pair(ann).api().get("/api/v1/orgs").problem(401, "invalid_token");
    }

    @Test
    void theRetentionPatchSetsCanBeGivenAtCreationUnderTheSameRule() {
        var ann = register();
        int before =
                ann.api().get("/api/v1/orgs").expect(200).body().path("items").size();
        assertThat(ann.api()
                        .post("/api/v1/orgs", Map.of("name", " ", "raw_retention_days", 0))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("name", "raw_retention_days");
        assertThat(ann.api().get("/api/v1/orgs").expect(200).body().path("items"))
                .as("nothing created")
                .hasSize(before);
        UUID org = ann.api()
                .post("/api/v1/orgs", Map.of("name", "Lab", "raw_retention_days", 30))
                .expect(201)
                .id();
        assertThat(ann.api()
                        .get("/api/v1/orgs/" + org)
                        .expect(200)
                        .body()
                        .path("raw_retention_days")
                        .asInt())
                .isEqualTo(30);
    }

    @Test
    void rolesDecideWhoManagesMembers() {
        var owner = register();
        var admin = register();
        var member = register();
        var viewer = register();
        UUID org = owner.api()
                .post("/api/v1/orgs", Map.of("name", "Fleet"))
                .expect(201)
                .id();
        String members = "/api/v1/orgs/" + org + "/members";
        String invitations = "/api/v1/orgs/" + org + "/invitations";
        join(owner, org, admin, "admin");

        // admins invite members and viewers, but not admins or owners
        join(admin, org, member, "member");
        admin.api()
                .post(invitations, Map.of("email", viewer.email(), "role", "admin"))
                .problem(403, "forbidden");
        join(admin, org, viewer, "viewer");

        // viewers and members read, but do not manage
        assertThat(viewer.api().get(members).expect(200).body().path("items")).hasSize(4);
        viewer.api().patch("/api/v1/orgs/" + org, Map.of("name", "Mine")).problem(403, "forbidden");
        member.api()
                .patch(members + "/" + viewer.id(), Map.of("role", "member"))
                .problem(403, "forbidden");

        // admins cannot touch an owner; owners can change anyone
        admin.api().patch(members + "/" + owner.id(), Map.of("role", "viewer")).problem(403, "forbidden");
        admin.api().delete(members + "/" + owner.id()).problem(403, "forbidden");
        assertThat(owner.api()
                        .patch(members + "/" + member.id(), Map.of("role", "admin"))
                        .expect(200)
                        .str("role"))
                .isEqualTo("admin");

        // anyone may leave; the last owner may not
        viewer.api().delete(members + "/" + viewer.id()).expect(204);
        viewer.api().get("/api/v1/orgs/" + org).problem(404, "not_found");
        owner.api().delete(members + "/" + owner.id()).problem(409, "last_owner");
        var boss = owner.api()
                .patch(members + "/" + admin.id(), Map.of("role", "boss"))
                .problem(422, "validation_failed");
        assertThat(boss.fields()).containsExactly("role");
        assertThat(boss.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of viewer, member, admin, owner");
        assertThat(owner.api()
                        .patch(members + "/" + admin.id(), Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("role");
        owner.api().patch(members + "/" + owner.id(), Map.of("role", "admin")).problem(409, "last_owner");
        owner.api().patch(members + "/" + admin.id(), Map.of("role", "owner")).expect(200);
        owner.api().delete(members + "/" + owner.id()).expect(204);
    }

    @Test
    void personalOrganizationTakesNoInvitations() {
        var ann = register();
        var bob = register();
        UUID personal = UUID.fromString(ann.api()
                .get("/api/v1/orgs")
                .expect(200)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asString());
        ann.api()
                .post("/api/v1/orgs/" + personal + "/invitations", Map.of("email", bob.email(), "role", "viewer"))
                .problem(409, "personal_organization");
        assertThat(bob.api().get("/api/v1/me/invitations").expect(200).body().path("items"))
                .isEmpty();
    }
}
