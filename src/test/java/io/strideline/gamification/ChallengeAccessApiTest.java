package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who keeps a challenge after a block or a removal from its group: nobody blocked either way with
 * its creator, and nobody outside its group, whatever they took part in or were invited to before;
 * and who is paid for completing one.
 */
class ChallengeAccessApiTest extends GamificationTestBase {

    private static final String SSE = "text/event-stream";

    private UUID create(Person p, String visibility, Object... more) {
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var c = new HashMap<String, Object>();
        c.put("name", "Steps together");
        c.put("metric", "steps");
        c.put("start_date", today.toString());
        c.put("end_date", today.plusDays(3).toString());
        c.put("visibility", visibility);
        for (int i = 0; i < more.length; i += 2) {
            c.put((String) more[i], more[i + 1]);
        }
        return p.api().post("/api/v1/challenges", c).expect(201).id();
    }

    private void invite(Person by, UUID challenge, Person whom, int status) {
        var answer = by.api()
                .post(
                        "/api/v1/challenges/" + challenge + "/invitations",
                        Map.of("user_id", whom.id().toString()));
        if (status == 204) {
            answer.expect(204);
        } else {
            answer.problem(status, "not_found");
        }
    }

    /** Every path a participant or an invited person has into a challenge answers as for an unknown one. */
    private void shutOut(Person p, UUID id) {
        String c = "/api/v1/challenges/" + id;
        p.api().get(c).problem(404, "not_found");
        p.api().get(c + "/leaderboard").problem(404, "not_found");
        p.api().post(c + "/join", Map.of()).problem(404, "not_found");
        p.api().delete(c + "/join").problem(404, "not_found");
        p.api().get("/api/v1/events?topics=challenge:" + id, SSE).problem(404, "topic_not_found");
    }

    @Test
    void aBlockEitherWayWithTheCreatorEndsEveryPathIntoTheChallenge() {
        var cleo = named("Cleo", "UTC");
        var ann = named("Ann", "UTC");
        var bob = named("Bob", "UTC");
        var eve = named("Eve", "UTC");
        befriend(cleo, ann);
        befriend(cleo, bob);
        befriend(ann, eve);
        UUID id = create(cleo, "private");
        invite(cleo, id, ann, 204);
        invite(cleo, id, bob, 204);
        ann.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);

        // Ann takes part, Bob was invited: Cleo blocks Ann, Bob blocks Cleo
        cleo.api().put("/api/v1/blocks/" + ann.id(), null).expect(204);
        bob.api().put("/api/v1/blocks/" + cleo.id(), null).expect(204);
        shutOut(ann, id);
        shutOut(bob, id);

        // a participant cannot bring someone the creator blocked into her challenge
        var dan = named("Dan", "UTC");
        befriend(cleo, dan);
        invite(cleo, id, dan, 204);
        dan.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);
        befriend(dan, eve);
        cleo.api().put("/api/v1/blocks/" + eve.id(), null).expect(204);
        invite(dan, id, eve, 404);
        eve.api().get("/api/v1/challenges/" + id).problem(404, "not_found");
        // nor someone who blocked the creator
        var fay = named("Fay", "UTC");
        befriend(dan, fay);
        fay.api().put("/api/v1/blocks/" + cleo.id(), null).expect(204);
        invite(dan, id, fay, 404);
        // the creator and the others keep it
        cleo.api().get("/api/v1/challenges/" + id).expect(200);
        dan.api().get("/api/v1/challenges/" + id + "/leaderboard").expect(200);
    }

    @Test
    void aPrivateChallengeIsInvisibleOnEveryPathToSomeoneNeverInvited() {
        var cleo = named("Cleo", "UTC");
        var ann = named("Ann", "UTC");
        var otto = named("Otto", "UTC");
        var finn = named("Finn", "UTC");
        befriend(cleo, ann);
        // Otto is a friend of a participant, not of the creator, and was never invited
        befriend(ann, otto);
        befriend(otto, finn);
        UUID id = create(cleo, "private");
        invite(cleo, id, ann, 204);
        ann.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);

        String c = "/api/v1/challenges/" + id;
        var unknown = otto.api().get("/api/v1/challenges/" + UUID.randomUUID()).problem(404, "not_found");
        var read = otto.api().get(c).problem(404, "not_found");
        assertThat(read.body().path("detail")).isEqualTo(unknown.body().path("detail"));
        assertThat(read.text()).doesNotContain("Steps together");
        otto.api().get(c + "/leaderboard").problem(404, "not_found");
        otto.api().post(c + "/join", Map.of()).problem(404, "not_found");
        otto.api().delete(c + "/join").problem(404, "not_found");
        invite(otto, id, finn, 404);
        otto.api().patch(c, Map.of("name", "Mine now")).problem(404, "not_found");
        otto.api().delete(c).problem(404, "not_found");
        otto.api().get("/api/v1/events?topics=challenge:" + id, SSE).problem(404, "topic_not_found");
        assertThat(otto.api().get("/api/v1/challenges").expect(200).text()).doesNotContain(id.toString());
        // Otto changed nothing of it
        assertThat(cleo.api().get(c).expect(200).str("name")).isEqualTo("Steps together");
    }

    @Test
    void aGroupChallengeNeedsCurrentMembershipAndInvitesOnlyMembers() {
        var owner = named("Olga", "UTC");
        var mia = named("Mia", "UTC");
        var friend = named("Finn", "UTC");
        befriend(mia, friend);
        befriend(owner, friend);
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Club " + UUID.randomUUID(), "visibility", "public"))
                .expect(201)
                .id();
        mia.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        UUID id = create(owner, "group", "group_id", group.toString());
        mia.api().post("/api/v1/challenges/" + id + "/join", Map.of()).expect(200);

        // an outside friend is not invited into the group's challenge, by a participant or the creator
        invite(mia, id, friend, 404);
        invite(owner, id, friend, 404);
        friend.api().get("/api/v1/challenges/" + id).problem(404, "not_found");

        owner.api().delete("/api/v1/groups/" + group + "/members/" + mia.id()).expect(204);
        shutOut(mia, id);
        owner.api().get("/api/v1/challenges/" + id + "/leaderboard").expect(200);
    }

    @Test
    void aChallengeCompletedAloneEarnsNoRewardOneCompletedWithOthersDoes() {
        // noon, so that the day does not change between the challenge and the steps
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        clock.pin(today.atTime(12, 0).toInstant(ZoneOffset.UTC));
        var sam = named("Sam", "UTC");
        UUID solo = create(sam, "private", "target", 1);
        steps(sam, today, 10);
        var done = sam.api().get("/api/v1/challenges/" + solo).expect(200).body();
        assertThat(done.path("my_progress").asDouble()).isEqualTo(10.0);
        assertThat(done.path("completed_at").isString()).isTrue();
        assertThat(ledger(sam, "challenge")).isEmpty();

        var tia = named("Tia", "UTC");
        befriend(sam, tia);
        invite(sam, solo, tia, 204);
        tia.api().post("/api/v1/challenges/" + solo + "/join", Map.of()).expect(200);
        steps(tia, today, 10);
        assertThat(ledger(tia, "challenge"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("xp").asInt()).isEqualTo(50));
    }
}
