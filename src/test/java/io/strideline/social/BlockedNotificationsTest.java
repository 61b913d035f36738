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

/**
 * A block hides, both ways, the notifications that name the other person: in the list, the
 * unread filter, the unread count, and marking one read answers as for an unknown id.
 */
class BlockedNotificationsTest extends SocialTestBase {

    @Test
    void aBlockHidesTheNotificationsNamingTheOtherPersonOnBothSides() {
        var ann = named("Ann");
        var bob = named("Bob");
        var cid = named("Cid");
        befriend(bob, ann); // Ann: "Bob wants to be friends"; Bob: "Ann accepted your friend request"
        UUID annsPost = ann.api()
                .post("/api/v1/posts", Map.of("text", "Long run done", "visibility", "public"))
                .expect(201)
                .id();
        UUID bobsPost = bob.api()
                .post("/api/v1/posts", Map.of("text", "Hills today", "visibility", "public"))
                .expect(201)
                .id();
        bob.api()
                .post("/api/v1/posts/" + annsPost + "/comments", Map.of("text", "Nice"))
                .expect(201);
        bob.api().put("/api/v1/posts/" + annsPost + "/like", null).expect(200);
        ann.api().put("/api/v1/posts/" + bobsPost + "/like", null).expect(200);
        cid.api().post("/api/v1/friends/requests/" + ann.id(), Map.of()).expect(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            // notifications are written by after-commit listeners, so two made a moment apart may
            // be stored in either order
            assertThat(titles(ann, ""))
                    .containsExactlyInAnyOrder(
                            "Cid wants to be friends",
                            "Bob liked your post",
                            "Bob commented on your post",
                            "Bob wants to be friends");
            assertThat(titles(bob, ""))
                    .containsExactlyInAnyOrder("Ann liked your post", "Ann accepted your friend request");
        });
        UUID aboutAnn =
                UUID.fromString(inbox(bob, "").path("items").get(0).path("id").asString());

        block(ann, bob);

        assertThat(titles(ann, "")).containsExactly("Cid wants to be friends");
        assertThat(titles(ann, "?unread=true")).containsExactly("Cid wants to be friends");
        assertThat(inbox(ann, "").path("unread_count").asLong()).isEqualTo(1);
        assertThat(inbox(ann, "").toString()).doesNotContain(bob.id().toString());

        assertThat(titles(bob, "")).isEmpty();
        assertThat(titles(bob, "?unread=true")).isEmpty();
        assertThat(inbox(bob, "").path("unread_count").asLong()).isZero();
        var marked = bob.api().patch("/api/v1/notifications/" + aboutAnn, Map.of("read", true));
        var unknown = bob.api().patch("/api/v1/notifications/" + UUID.randomUUID(), Map.of("read", true));
        assertThat(marked.problem(404, "not_found").body().path("detail"))
                .isEqualTo(unknown.problem(404, "not_found").body().path("detail"));
    }

    private JsonNode inbox(Person person, String query) {
        return person.api().get("/api/v1/notifications" + query).expect(200).body();
    }

    private List<String> titles(Person person, String query) {
        var out = new ArrayList<String>();
        inbox(person, query).path("items").forEach(n -> out.add(n.path("title").asString()));
        return out;
    }
}
