package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 24: kudos and comments are on the activity itself (GET by id and the lists), as on posts,
 * so that an app need not fetch the feed to show them.
 */
class ActivityEngagementTest extends SocialTestBase {

    @Test
    void anActivityCarriesItsLikesAndCommentsOnGetAndInTheLists() {
        var ann = register();
        var bob = register();
        befriend(ann, bob);
        UUID liked = activity(ann, "friends", "friends", "private");
        UUID quiet = activity(ann, "friends", "friends", "private");
        bob.api().put("/api/v1/activities/" + liked + "/like", null).expect(200);
        bob.api()
                .post("/api/v1/activities/" + liked + "/comments", Map.of("text", "Strong!"))
                .expect(201);
        ann.api()
                .post("/api/v1/activities/" + liked + "/comments", Map.of("text", "Thanks"))
                .expect(201);

        // the owner: counts, without a like of her own
        assertEngagement(
                ann.api().get("/api/v1/activities/" + liked).expect(200).body(), 1, 2, false);
        var mine = ann.api().get("/api/v1/activities").expect(200).body().path("items");
        assertEngagement(item(mine, liked), 1, 2, false);
        assertEngagement(item(mine, quiet), 0, 0, false);

        // the friend who liked it
        assertEngagement(
                bob.api().get("/api/v1/activities/" + liked).expect(200).body(), 1, 2, true);
        var hers = bob.api()
                .get("/api/v1/users/" + ann.id() + "/activities")
                .expect(200)
                .body()
                .path("items");
        assertEngagement(item(hers, liked), 1, 2, true);
        assertEngagement(item(hers, quiet), 0, 0, false);

        // and as the feed shows it, the activity inside the item carries the same
        var feedItem = findInFeed(bob, liked);
        assertEngagement(feedItem.path("activity"), 1, 2, true);
        assertThat(feedItem.path("engagement"))
                .isEqualTo(feedItem.path("activity").path("engagement"));

        // a like taken back counts no more
        bob.api().delete("/api/v1/activities/" + liked + "/like").expect(200);
        assertEngagement(
                bob.api().get("/api/v1/activities/" + liked).expect(200).body(), 0, 2, false);
    }

    @Test
    void likesAndCommentsOfPeopleBlockedEitherWayAreNotCounted() {
        var ann = register();
        var bob = register();
        var cid = register();
        befriend(ann, bob);
        befriend(ann, cid);
        UUID run = activity(ann, "friends", "friends", "private");
        bob.api().put("/api/v1/activities/" + run + "/like", null).expect(200);
        cid.api().put("/api/v1/activities/" + run + "/like", null).expect(200);
        cid.api()
                .post("/api/v1/activities/" + run + "/comments", Map.of("text", "Nice"))
                .expect(201);
        block(ann, cid);
        assertEngagement(ann.api().get("/api/v1/activities/" + run).expect(200).body(), 1, 0, false);
        assertEngagement(
                item(ann.api().get("/api/v1/activities").expect(200).body().path("items"), run), 1, 0, false);
    }

    private JsonNode findInFeed(Person viewer, UUID activityId) {
        for (JsonNode i : viewer.api().get("/api/v1/feed").expect(200).body().path("items")) {
            if (i.path("activity").path("activity").path("id").asString().equals(activityId.toString())) {
                return i.path("activity");
            }
        }
        throw new AssertionError("activity " + activityId + " is not in the feed");
    }

    private static JsonNode item(JsonNode items, UUID id) {
        for (JsonNode i : items) {
            if (i.path("id").asString().equals(id.toString())) {
                return i;
            }
        }
        throw new AssertionError("activity " + id + " is not in the list");
    }

    private static void assertEngagement(JsonNode activity, int likes, int comments, boolean likedByMe) {
        var e = activity.path("engagement");
        assertThat(e.path("like_count").asInt()).as("like_count").isEqualTo(likes);
        assertThat(e.path("comment_count").asInt()).as("comment_count").isEqualTo(comments);
        assertThat(e.path("liked_by_me").isBoolean())
                .as("liked_by_me is a boolean")
                .isTrue();
        assertThat(e.path("liked_by_me").asBoolean()).as("liked_by_me").isEqualTo(likedByMe);
    }
}
