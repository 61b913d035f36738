package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The home feed: mine and my friends', newest first, paged without repeats or gaps. */
class FeedApiTest extends SocialTestBase {

    @Test
    void theFeedHoldsMyAndMyFriendsVisibleThingsNewestFirst() {
        var me = register();
        var friend = register();
        var stranger = register();
        befriend(me, friend);
        // the activities are uploaded at today's time; only the posts below are made at pinned times
        UUID run = activity(friend, Instant.parse("2026-05-01T10:30:00Z"), "friends", "friends", "private");
        activity(friend, Instant.parse("2026-05-01T10:40:00Z"), "private", "private", "private");
        clock.pin(Instant.parse("2026-05-01T10:00:00Z"));
        UUID mine = me.api()
                .post("/api/v1/posts", Map.of("text", "mine", "visibility", "private"))
                .expect(201)
                .id();
        clock.pin(Instant.parse("2026-05-01T11:00:00Z"));
        UUID friends = friend.api()
                .post("/api/v1/posts", Map.of("text", "friends only"))
                .expect(201)
                .id();
        friend.api()
                .post("/api/v1/posts", Map.of("text", "private", "visibility", "private"))
                .expect(201);
        stranger.api()
                .post("/api/v1/posts", Map.of("text", "public stranger", "visibility", "public"))
                .expect(201);

        var feed = me.api().get("/api/v1/feed").expect(200).body().path("items");
        var order = new ArrayList<String>();
        feed.forEach(i -> order.add(
                i.path("kind").asString().equals("post")
                        ? i.path("post").path("id").asString()
                        : i.path("activity").path("activity").path("id").asString()));
        assertThat(order).containsExactly(friends.toString(), run.toString(), mine.toString());
        var activityItem = feed.get(1).path("activity");
        assertThat(activityItem.path("author").path("id").asString())
                .isEqualTo(friend.id().toString());
        assertThat(activityItem.path("activity").path("avg_heart_rate").isNull())
                .isTrue();
        assertThat(activityItem.path("engagement").path("like_count").asInt()).isZero();
        assertThat(feed.get(0)
                        .path("post")
                        .path("engagement")
                        .path("liked_by_me")
                        .asBoolean())
                .isFalse();
        assertThat(stranger.api().get("/api/v1/feed").expect(200).body().path("items"))
                .hasSize(1);
    }

    @Test
    void pagesNeitherRepeatNorSkipWhenNewItemsArrive() {
        var me = register();
        var friend = register();
        befriend(me, friend);
        var posted = new ArrayList<String>();
        for (int i = 0; i < 7; i++) {
            clock.pin(Instant.parse("2026-05-02T10:00:00Z").plusSeconds(i));
            posted.add(friend.api()
                    .post("/api/v1/posts", Map.of("text", "post " + i))
                    .expect(201)
                    .id()
                    .toString());
        }
        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = me.api()
                    .get("/api/v1/feed?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200)
                    .body();
            page.path("items").forEach(i -> seen.add(i.path("post").path("id").asString()));
            cursor = page.path("next_cursor").isNull()
                    ? null
                    : page.path("next_cursor").asString();
            if (pages++ == 0) {
                // something new arrives while I scroll
                clock.pin(Instant.parse("2026-05-02T11:00:00Z"));
                friend.api().post("/api/v1/posts", Map.of("text", "newer")).expect(201);
            }
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(posted.reversed());
        me.api().get("/api/v1/feed?cursor=garbage").problem(422, "validation_failed");
        me.api().get("/api/v1/feed?limit=0").problem(422, "validation_failed");
    }

    @Test
    void friendshipsAndBlocksChangeTheFeedAtOnce() {
        var me = register();
        var ann = register();
        UUID run = activity(ann, Instant.parse("2026-05-02T10:00:00Z"), "friends", "friends", "friends");
        clock.pin(Instant.parse("2026-05-03T10:00:00Z"));
        UUID before = ann.api()
                .post("/api/v1/posts", Map.of("text", "before we met"))
                .expect(201)
                .id();
        clock.reset();
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .isEmpty();

        befriend(me, ann);
        var feed = me.api().get("/api/v1/feed").expect(200).body().path("items");
        assertThat(List.of(
                        feed.get(0).path("post").path("id").asString(),
                        feed.get(1).path("activity").path("activity").path("id").asString()))
                .as("a new friend's recent history")
                .containsExactly(before.toString(), run.toString());

        ann.api().delete("/api/v1/friends/" + me.id()).expect(204);
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .isEmpty();

        befriend(me, ann);
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .hasSize(2);
        block(me, ann);
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .isEmpty();
        assertThat(ann.api().get("/api/v1/feed").expect(200).body().path("items"))
                .as("my items left hers too; hers stay")
                .hasSize(2);
    }

    @Test
    void anActivityTurnedPrivateLeavesFriendsFeedsButStaysInMine() {
        var me = register();
        var friend = register();
        befriend(me, friend);
        UUID run = activity(friend, Instant.parse("2026-05-04T07:00:00Z"), "public", "public", "public");
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .hasSize(1);
        friend.api()
                .patch("/api/v1/activities/" + run, Map.of("visibility", "private"))
                .expect(200);
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .isEmpty();
        assertThat(friend.api().get("/api/v1/feed").expect(200).body().path("items"))
                .hasSize(1);
        friend.api()
                .patch("/api/v1/activities/" + run, Map.of("visibility", "friends"))
                .expect(200);
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .hasSize(1);
        friend.api().delete("/api/v1/activities/" + run).expect(204);
        assertThat(me.api().get("/api/v1/feed").expect(200).body().path("items"))
                .isEmpty();
        assertThat(friend.api().get("/api/v1/feed").expect(200).body().path("items"))
                .isEmpty();
    }
}
