package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A private group is found by its link (issue 25): anyone with its id whom no owner blocked sees its
 * card and asks to join, with the same answer on GET and on join; what is inside (members, posts,
 * feed, group challenges) stays 404 to non-members, and search lists it to nobody outside.
 */
class PrivateGroupCardTest extends SocialTestBase {

    private record Club(Person owner, Person member, UUID group, UUID post, UUID challenge, String name) {}

    /** Olga's private group with Mia in it, Mia's post and a group challenge. */
    private Club club() {
        var owner = named("Olga");
        var member = named("Mia");
        String name = "Hidden trail " + UUID.randomUUID().toString().substring(0, 6);
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", name, "description", "Dawn runs", "visibility", "private"))
                .expect(201)
                .id();
        owner.api()
                .put("/api/v1/groups/" + group + "/members/" + member.id(), null)
                .expect(200);
        member.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        UUID post = member.api()
                .post("/api/v1/posts", Map.of("text", "Bridge at 6?", "group_id", group.toString()))
                .expect(201)
                .id();
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        UUID challenge = owner.api()
                .post(
                        "/api/v1/challenges",
                        Map.of(
                                "name",
                                "Club steps",
                                "metric",
                                "steps",
                                "start_date",
                                today.toString(),
                                "end_date",
                                today.plusDays(3).toString(),
                                "visibility",
                                "group",
                                "group_id",
                                group.toString()))
                .expect(201)
                .id();
        return new Club(owner, member, group, post, challenge, name);
    }

    /** Nothing inside the group, answered as for an unknown id. */
    private static void nothingInside(Person p, Club c) {
        String g = "/api/v1/groups/" + c.group();
        p.api().get(g + "/members").problem(404, "not_found");
        p.api().get(g + "/members?state=requested").problem(404, "not_found");
        p.api().get(g + "/feed").problem(404, "not_found");
        p.api().get("/api/v1/posts/" + c.post()).problem(404, "not_found");
        p.api().get("/api/v1/posts/" + c.post() + "/comments").problem(404, "not_found");
        p.api().put("/api/v1/posts/" + c.post() + "/like", null).problem(404, "not_found");
        p.api().get("/api/v1/challenges/" + c.challenge()).problem(404, "not_found");
        p.api().get("/api/v1/challenges/" + c.challenge() + "/leaderboard").problem(404, "not_found");
        p.api().post("/api/v1/challenges/" + c.challenge() + "/join", Map.of()).problem(404, "not_found");
    }

    private static boolean listed(Person p, Club c) {
        String query = c.name().substring(c.name().length() - 6);
        return ids(
                                p.api()
                                        .get("/api/v1/groups?query=" + query)
                                        .expect(200)
                                        .body()
                                        .path("items"),
                                "")
                        .contains(c.group().toString())
                || ids(p.api().get("/api/v1/groups").expect(200).body().path("items"), "")
                        .contains(c.group().toString());
    }

    @Test
    void anOutsiderWithTheLinkSeesTheCardAndAsksToJoinButNothingInside() {
        var c = club();
        var outsider = named("Otto");

        var card = outsider.api().get("/api/v1/groups/" + c.group()).expect(200);
        assertThat(card.str("name")).isEqualTo(c.name());
        assertThat(card.str("description")).isEqualTo("Dawn runs");
        assertThat(card.str("visibility")).isEqualTo("private");
        assertThat(card.body().path("member_count").asInt()).isEqualTo(2);
        assertThat(card.body().hasNonNull("my_state")).isFalse();
        assertThat(card.body().hasNonNull("my_role")).isFalse();
        assertThat(card.text()).doesNotContain(c.member().id().toString()).doesNotContain("Bridge");
        nothingInside(outsider, c);
        assertThat(listed(outsider, c)).as("found by its link only").isFalse();

        // asking to join answers the same card, now with my request; still nothing inside
        var asked = outsider.api()
                .post("/api/v1/groups/" + c.group() + "/members", Map.of())
                .expect(200);
        assertThat(asked.str("my_state")).isEqualTo("requested");
        assertThat(asked.body().path("member_count").asInt()).isEqualTo(2);
        assertThat(outsider.api().get("/api/v1/groups/" + c.group()).expect(200).str("my_state"))
                .isEqualTo("requested");
        nothingInside(outsider, c);

        // an admin approves: now a member reads it all
        c.owner()
                .api()
                .put("/api/v1/groups/" + c.group() + "/members/" + outsider.id(), null)
                .expect(200);
        outsider.api().get("/api/v1/groups/" + c.group() + "/feed").expect(200);
        outsider.api().get("/api/v1/posts/" + c.post()).expect(200);
        outsider.api().get("/api/v1/challenges/" + c.challenge()).expect(200);
    }

    @Test
    void someoneBlockedEitherWayWithAnOwnerGetsTheAnswerOfAnUnknownGroup() {
        var c = club();
        var blocked = named("Troll");
        var blocker = named("Pia");
        block(c.owner(), blocked);
        block(blocker, c.owner());
        var unknown = blocked.api().get("/api/v1/groups/" + UUID.randomUUID()).problem(404, "not_found");
        for (Person p : new Person[] {blocked, blocker}) {
            var read = p.api().get("/api/v1/groups/" + c.group()).problem(404, "not_found");
            assertThat(read.text()).doesNotContain(c.name());
            assertThat(read.body().path("detail")).isEqualTo(unknown.body().path("detail"));
            var join = p.api()
                    .post("/api/v1/groups/" + c.group() + "/members", Map.of())
                    .problem(404, "not_found");
            assertThat(join.text()).doesNotContain(c.name());
            nothingInside(p, c);
            assertThat(listed(p, c)).isFalse();
        }
        // no request was filed: the owner has none to approve
        assertThat(c.owner()
                        .api()
                        .get("/api/v1/groups/" + c.group() + "/members?state=requested")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        // a member keeps the group whatever the owner blocks: the owner removes members
        block(c.owner(), c.member());
        c.member().api().get("/api/v1/groups/" + c.group() + "/feed").expect(200);
    }
}
