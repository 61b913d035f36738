package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Posts, comments and likes on posts and activities, over HTTP. */
class PostApiTest extends SocialTestBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPostIsCreatedReadEditedAndDeletedWithoutLeavingAnything() {
        var ann = register();
        var bob = register();
        befriend(ann, bob);
        var created = ann.api()
                .post("/api/v1/posts", Map.of("text", "<b>Long run</b> with @bob https://x.example"))
                .expect(201);
        UUID id = created.id();
        assertThat(created.header("Location")).endsWith("/api/v1/posts/" + id);
        assertThat(created.str("text")).isEqualTo("<b>Long run</b> with @bob https://x.example");
        assertThat(created.str("visibility")).isEqualTo("friends");
        assertThat(created.body().path("author").path("id").asString())
                .isEqualTo(ann.id().toString());
        assertThat(created.body().path("engagement").path("like_count").asInt()).isZero();

        assertThat(bob.api().get("/api/v1/posts/" + id).expect(200).str("text")).startsWith("<b>Long run");
        var edited = ann.api()
                .patch("/api/v1/posts/" + id, Map.of("text", "Long run!"))
                .expect(200);
        assertThat(edited.str("text")).isEqualTo("Long run!");
        bob.api().patch("/api/v1/posts/" + id, Map.of("text", "mine now")).problem(404, "not_found");
        bob.api().delete("/api/v1/posts/" + id).problem(404, "not_found");

        bob.api().put("/api/v1/posts/" + id + "/like", null).expect(200);
        bob.api()
                .post("/api/v1/posts/" + id + "/comments", Map.of("text", "Nice"))
                .expect(201);
        ann.api().delete("/api/v1/posts/" + id).expect(204);
        ann.api().get("/api/v1/posts/" + id).problem(404, "not_found");
        for (String table : new String[] {"comments", "likes", "engagement", "feed_entries"}) {
            String column = table.equals("feed_entries") ? "item_id" : "subject_id";
            assertThat(jdbc.sql("select count(*) from " + table + " where " + column + " = ?")
                            .param(id)
                            .query(Long.class)
                            .single())
                    .as(table)
                    .isZero();
        }
    }

    @Test
    void badPostsNameTheirFields() {
        var ann = register();
        var other = register();
        UUID othersPrivate = activity(other, "private", "private", "private");
        var body = new HashMap<String, Object>();
        body.put("text", "x".repeat(5001));
        body.put("activity_id", othersPrivate.toString());
        body.put("group_id", UUID.randomUUID().toString());
        var problem = ann.api().post("/api/v1/posts", body).problem(422, "validation_failed");
        assertThat(problem.fields()).containsExactlyInAnyOrder("text", "activity_id", "group_id");
        assertThat(problem.text()).doesNotContain(other.id().toString());
        ann.api().post("/api/v1/posts", Map.of("text", "  ")).problem(422, "validation_failed");
        ann.api()
                .post("/api/v1/posts", Map.of("text", "hi", "visibility", "everyone"))
                .problem(422, "validation_failed");
        // the server sets the time: a client's created_at is not a field of a new post
        var backdated = ann.api()
                .post("/api/v1/posts", Map.of("text", "hi", "created_at", "2020-01-01T00:00:00Z"))
                .problem(422, "validation_failed");
        assertThat(backdated.fields()).containsExactly("created_at");
        assertThat(jdbc.sql("select count(*) from posts where author_id = ?")
                        .param(ann.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aPostAboutAnActivityIsNoWiderThanIt() {
        var ann = register();
        var friend = register();
        var stranger = register();
        befriend(ann, friend);
        UUID run = activity(ann, "friends", "friends", "friends");
        ann.api()
                .post("/api/v1/posts", Map.of("text", "hi", "activity_id", run.toString(), "visibility", "public"))
                .problem(422, "validation_failed");
        var post = ann.api()
                .post("/api/v1/posts", Map.of("text", "5 k!", "activity_id", run.toString()))
                .expect(201);
        assertThat(post.str("visibility")).isEqualTo("friends");
        assertThat(post.body().path("activity").path("id").asString()).isEqualTo(run.toString());
        assertThat(friend.api()
                        .get("/api/v1/posts/" + post.id())
                        .expect(200)
                        .body()
                        .path("activity")
                        .path("distance_meters")
                        .asDouble())
                .isEqualTo(5000.0);
        stranger.api().get("/api/v1/posts/" + post.id()).problem(404, "not_found");
        // the activity turned private: the post about it goes with it
        ann.api()
                .patch("/api/v1/activities/" + run, Map.of("visibility", "private"))
                .expect(200);
        friend.api().get("/api/v1/posts/" + post.id()).problem(404, "not_found");
        assertThat(ann.api()
                        .get("/api/v1/posts/" + post.id())
                        .expect(200)
                        .body()
                        .path("activity")
                        .isNull())
                .isFalse();
        // deleted: the post stays, about nothing
        ann.api().delete("/api/v1/activities/" + run).expect(204);
        assertThat(ann.api()
                        .get("/api/v1/posts/" + post.id())
                        .expect(200)
                        .body()
                        .path("activity_id")
                        .isNull())
                .isTrue();
    }

    @Test
    void commentsPageOldestFirstAndAreDeletedByTheirAuthorOrThePostsOwner() {
        var ann = register();
        var bob = register();
        var cid = register();
        befriend(ann, bob);
        befriend(ann, cid);
        UUID post = ann.api()
                .post("/api/v1/posts", Map.of("text", "Ask me", "visibility", "public"))
                .expect(201)
                .id();
        var first = bob.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "one"))
                .expect(201);
        assertThat(first.body().path("author").path("id").asString())
                .isEqualTo(bob.id().toString());
        cid.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "two"))
                .expect(201);
        UUID third = bob.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "three"))
                .expect(201)
                .id();
        bob.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", ""))
                .problem(422, "validation_failed");

        var page1 = ann.api()
                .get("/api/v1/posts/" + post + "/comments?limit=2")
                .expect(200)
                .body();
        assertThat(ids(page1.path("items"), "/text")).containsExactly("one", "two");
        var page2 = ann.api()
                .get("/api/v1/posts/" + post + "/comments?limit=2&cursor="
                        + page1.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(ids(page2.path("items"), "/text")).containsExactly("three");

        cid.api().delete("/api/v1/posts/" + post + "/comments/" + third).problem(404, "not_found");
        ann.api().delete("/api/v1/posts/" + post + "/comments/" + first.id()).expect(204);
        bob.api().delete("/api/v1/posts/" + post + "/comments/" + third).expect(204);
        assertThat(ids(ann.api().get("/api/v1/posts/" + post).expect(200).body(), "")
                        .size())
                .isPositive();
        assertThat(ann.api()
                        .get("/api/v1/posts/" + post)
                        .expect(200)
                        .body()
                        .path("engagement")
                        .path("comment_count")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void likesAreIdempotentAndCountedAsEachViewerSeesThem() {
        var ann = register();
        var bob = register();
        var cid = register();
        UUID post = ann.api()
                .post("/api/v1/posts", Map.of("text", "Public", "visibility", "public"))
                .expect(201)
                .id();
        var liked = bob.api()
                .put("/api/v1/posts/" + post + "/like", null)
                .expect(200)
                .body();
        assertThat(liked.path("like_count").asInt()).isOne();
        assertThat(liked.path("liked_by_me").asBoolean()).isTrue();
        assertThat(bob.api()
                        .put("/api/v1/posts/" + post + "/like", null)
                        .expect(200)
                        .body()
                        .path("like_count")
                        .asInt())
                .isOne();
        cid.api().put("/api/v1/posts/" + post + "/like", null).expect(200);
        cid.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "hello"))
                .expect(201);
        var seen = ann.api().get("/api/v1/posts/" + post).expect(200).body().path("engagement");
        assertThat(seen.path("like_count").asInt()).isEqualTo(2);
        assertThat(seen.path("liked_by_me").asBoolean()).isFalse();

        // Ann blocks Cid: his like and comment vanish for her, and he cannot add more
        block(ann, cid);
        var afterBlock =
                ann.api().get("/api/v1/posts/" + post).expect(200).body().path("engagement");
        assertThat(afterBlock.path("like_count").asInt()).isOne();
        assertThat(afterBlock.path("comment_count").asInt()).isZero();
        assertThat(ann.api()
                        .get("/api/v1/posts/" + post + "/comments")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        cid.api().put("/api/v1/posts/" + post + "/like", null).problem(404, "not_found");
        cid.api()
                .post("/api/v1/posts/" + post + "/comments", Map.of("text", "again"))
                .problem(404, "not_found");
        assertThat(bob.api()
                        .get("/api/v1/posts/" + post)
                        .expect(200)
                        .body()
                        .path("engagement")
                        .path("like_count")
                        .asInt())
                .as("a third person still counts both")
                .isEqualTo(2);

        assertThat(bob.api()
                        .delete("/api/v1/posts/" + post + "/like")
                        .expect(200)
                        .body()
                        .path("like_count")
                        .asInt())
                .isOne();
        assertThat(bob.api()
                        .delete("/api/v1/posts/" + post + "/like")
                        .expect(200)
                        .body()
                        .path("liked_by_me")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void activitiesGetKudosAndCommentsFromThoseWhoSeeThem() {
        var ann = register();
        var bob = register();
        var stranger = register();
        befriend(ann, bob);
        UUID run = activity(ann, "friends", "friends", "private");
        assertThat(bob.api()
                        .put("/api/v1/activities/" + run + "/like", null)
                        .expect(200)
                        .body()
                        .path("like_count")
                        .asInt())
                .isOne();
        UUID comment = bob.api()
                .post("/api/v1/activities/" + run + "/comments", Map.of("text", "Strong!"))
                .expect(201)
                .id();
        assertThat(ids(
                        ann.api()
                                .get("/api/v1/activities/" + run + "/comments")
                                .expect(200)
                                .body()
                                .path("items"),
                        "/text"))
                .containsExactly("Strong!");
        stranger.api().put("/api/v1/activities/" + run + "/like", null).problem(404, "not_found");
        stranger.api()
                .post("/api/v1/activities/" + run + "/comments", Map.of("text", "hi"))
                .problem(404, "not_found");
        stranger.api()
                .get("/api/v1/activities/" + UUID.randomUUID() + "/comments")
                .problem(404, "not_found");
        ann.api().delete("/api/v1/activities/" + run + "/comments/" + comment).expect(204);
        assertThat(ann.api()
                        .get("/api/v1/activities/" + run + "/comments")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        // deleting the activity takes its kudos and comments with it
        bob.api()
                .post("/api/v1/activities/" + run + "/comments", Map.of("text", "again"))
                .expect(201);
        ann.api().delete("/api/v1/activities/" + run).expect(204);
        assertThat(jdbc.sql("select count(*) from comments where subject_id = ?")
                        .param(run)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from likes where subject_id = ?")
                        .param(run)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
