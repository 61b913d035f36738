package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** In-app notifications for what people do to each other (they arrive after the action commits). */
class SocialNotificationTest extends SocialTestBase {

    @Test
    void requestsAcceptancesCommentsAndLikesAreNotifiedAndLikesGather() {
        var ann = named("Ann");
        var bob = named("Bob");
        var cid = named("Cid");
        ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).expect(200);
        awaitTitles(bob, "Ann wants to be friends");
        bob.api()
                .post("/api/v1/friends/requests/" + ann.id() + "/accept", Map.of())
                .expect(200);
        awaitTitles(ann, "Bob accepted your friend request");

        UUID post = ann.api()
                .post("/api/v1/posts", Map.of("text", "Hello", "visibility", "public"))
                .expect(201)
                .id();
        bob.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "Hi!"))
                .expect(201);
        awaitTitles(ann, "Bob commented on your post", "Bob accepted your friend request");

        bob.api().put("/api/v1/posts/" + post + "/like", null).expect(200);
        awaitTitles(ann, "Bob liked your post", "Bob commented on your post", "Bob accepted your friend request");
        cid.api().put("/api/v1/posts/" + post + "/like", null).expect(200);
        awaitTitles(
                ann,
                "Cid and 1 other liked your post",
                "Bob commented on your post",
                "Bob accepted your friend request");
        var like = notifications(ann).getFirst();
        assertThat(like.path("type").asString()).isEqualTo("like");
        assertThat(like.path("data").path("count").asInt()).isEqualTo(2);
        assertThat(like.path("data").path("subject_id").asString()).isEqualTo(post.toString());
        // my own likes and comments notify nobody
        ann.api().put("/api/v1/posts/" + post + "/like", null).expect(200);
        ann.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "thanks"))
                .expect(201);
        assertThat(notifications(ann)).hasSize(3);
    }

    @Test
    void aLikeNotifiesOnceEverAndTheGatheredCountIsOfDistinctPeople() {
        var ann = named("Ann");
        var sue = named("Sue");
        var tom = named("Tom");
        UUID post = ann.api()
                .post("/api/v1/posts", Map.of("text", "Long run", "visibility", "public"))
                .expect(201)
                .id();
        String like = "/api/v1/posts/" + post + "/like";
        for (int i = 0; i < 3; i++) {
            sue.api().put(like, null).expect(200);
            sue.api().delete(like).expect(200);
        }
        sue.api().put(like, null).expect(200);
        awaitTitles(ann, "Sue liked your post");
        assertThat(notifications(ann)).hasSize(1);
        assertThat(notifications(ann).getFirst().path("data").path("count").asInt())
                .isOne();

        tom.api().put(like, null).expect(200);
        awaitTitles(ann, "Tom and 1 other liked your post");
        assertThat(notifications(ann).getFirst().path("data").path("count").asInt())
                .isEqualTo(2);
        // Sue toggling again, also after Ann read it, changes nothing
        ann.api().post("/api/v1/notifications:mark-all-read", null).expect(200);
        sue.api().delete(like).expect(200);
        sue.api().put(like, null).expect(200);
        // an activity's likes alike: one notification for a toggling liker
        UUID run = activity(ann, "public", "public", "public");
        String likeRun = "/api/v1/activities/" + run + "/like";
        for (int i = 0; i < 3; i++) {
            sue.api().put(likeRun, null).expect(200);
            sue.api().delete(likeRun).expect(200);
        }
        // the run earned Ann XP and badges: only the like notifications matter here
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(likes(ann))
                        .extracting(n -> n.path("title").asString())
                        .containsExactly("Sue liked your activity", "Tom and 1 other liked your post"));
        var all = likes(ann);
        assertThat(all.get(1).path("read").asBoolean())
                .as("the post's stays read")
                .isTrue();
        assertThat(all.getFirst().path("data").path("count").asInt()).isOne();
    }

    @Test
    void groupInvitationsAndJoinRequestsAreNotifiedButNothingFromBlockedPeople() {
        var owner = named("Olga");
        var invited = named("Ivan");
        var asker = named("Asta");
        UUID group = owner.api()
                .post("/api/v1/groups", Map.of("name", "Trail crew", "visibility", "private"))
                .expect(201)
                .id();
        owner.api()
                .put("/api/v1/groups/" + group + "/members/" + invited.id(), null)
                .expect(200);
        awaitTitles(invited, "Olga invited you to Trail crew");
        asker.api().post("/api/v1/groups/" + group + "/members", Map.of()).expect(200);
        awaitTitles(owner, "Asta asks to join Trail crew");

        // someone the owner blocked cannot ask to join (the group is unknown to them), so nothing reaches an admin
        var troll = named("Troll");
        block(owner, troll);
        troll.api().post("/api/v1/groups/" + group + "/members", Map.of()).problem(404, "not_found");
        var me = named("Mia");
        me.api().post("/api/v1/friends/requests/" + owner.id(), Map.of()).expect(200);
        awaitTitles(owner, "Mia wants to be friends", "Asta asks to join Trail crew");
    }

    private void awaitTitles(Person person, String... newestFirst) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(titles(person)).containsExactly(newestFirst));
    }

    private List<String> titles(Person person) {
        var out = new ArrayList<String>();
        notifications(person).forEach(n -> out.add(n.path("title").asString()));
        return out;
    }

    private List<JsonNode> likes(Person person) {
        return notifications(person).stream()
                .filter(n -> n.path("type").asString().equals("like"))
                .toList();
    }

    private List<JsonNode> notifications(Person person) {
        var out = new ArrayList<JsonNode>();
        person.api()
                .get("/api/v1/notifications")
                .expect(200)
                .body()
                .path("items")
                .forEach(out::add);
        return out;
    }
}
