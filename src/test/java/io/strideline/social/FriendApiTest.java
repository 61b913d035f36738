package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Friend requests, friendships, blocks, profiles and search, over HTTP. */
class FriendApiTest extends SocialTestBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void requestAcceptAndRemoveAreIdempotent() {
        var ann = named("Ann");
        var bob = named("Bob");

        var sent =
                ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).expect(200);
        assertThat(sent.str("status")).isEqualTo("requested");
        assertThat(sent.body().path("user").path("display_name").asString()).isEqualTo("Bob");
        assertThat(sent.body().path("user").has("email")).isFalse();
        ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).expect(200);
        assertThat(ids(
                        ann.api()
                                .get("/api/v1/friends/requests?direction=outgoing")
                                .expect(200)
                                .body()
                                .path("items"),
                        "/user/id"))
                .containsExactly(bob.id().toString());
        assertThat(ids(
                        bob.api()
                                .get("/api/v1/friends/requests")
                                .expect(200)
                                .body()
                                .path("items"),
                        "/user/id"))
                .containsExactly(ann.id().toString());
        assertThat(bob.api().get("/api/v1/friends/" + ann.id()).expect(200).str("status"))
                .isEqualTo("incoming");

        assertThat(bob.api()
                        .post("/api/v1/friends/requests/" + ann.id() + "/accept", Map.of())
                        .expect(200)
                        .str("status"))
                .isEqualTo("friends");
        bob.api()
                .post("/api/v1/friends/requests/" + ann.id() + "/accept", Map.of())
                .expect(200);
        assertThat(ids(ann.api().get("/api/v1/friends").expect(200).body().path("items"), "/user/id"))
                .containsExactly(bob.id().toString());
        assertThat(ids(bob.api().get("/api/v1/friends").expect(200).body().path("items"), "/user/id"))
                .containsExactly(ann.id().toString());
        assertThat(bob.api().get("/api/v1/friends/requests").expect(200).body().path("items"))
                .isEmpty();
        // asking a friend again changes nothing
        assertThat(ann.api()
                        .post("/api/v1/friends/requests/" + bob.id(), Map.of())
                        .expect(200)
                        .str("status"))
                .isEqualTo("friends");

        ann.api().delete("/api/v1/friends/" + bob.id()).expect(204);
        ann.api().delete("/api/v1/friends/" + bob.id()).expect(204);
        assertThat(bob.api().get("/api/v1/friends").expect(200).body().path("items"))
                .isEmpty();
        assertThat(ann.api().get("/api/v1/friends/" + bob.id()).expect(200).str("status"))
                .isEqualTo("none");
    }

    @Test
    void declineAndWithdrawDeleteTheRequestWithoutTellingAnyone() {
        var ann = register();
        var bob = register();
        ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).expect(200);
        bob.api().delete("/api/v1/friends/requests/" + ann.id()).expect(204);
        bob.api().delete("/api/v1/friends/requests/" + ann.id()).expect(204);
        assertThat(ann.api()
                        .get("/api/v1/friends/requests?direction=outgoing")
                        .expect(200)
                        .body()
                        .path("items"))
                .isEmpty();
        bob.api()
                .post("/api/v1/friends/requests/" + ann.id() + "/accept", Map.of())
                .problem(404, "not_found");

        ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).expect(200);
        ann.api().delete("/api/v1/friends/requests/" + bob.id()).expect(204);
        assertThat(bob.api().get("/api/v1/friends/requests").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void askingSomeoneWhoAskedMeMakesUsFriends() {
        var ann = register();
        var bob = register();
        ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).expect(200);
        assertThat(bob.api()
                        .post("/api/v1/friends/requests/" + ann.id(), Map.of())
                        .expect(200)
                        .str("status"))
                .isEqualTo("friends");
        assertThat(rows("select count(*) from friendships where user_id = ? and friend_id = ?", ann.id(), bob.id()))
                .isOne();
    }

    @Test
    void twoRequestsAtTheSameMomentEndInOneFriendship() throws Exception {
        for (int round = 0; round < 5; round++) {
            var ann = register();
            var bob = register();
            var barrier = new CyclicBarrier(2);
            var a = CompletableFuture.supplyAsync(() -> {
                await(barrier);
                return ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of());
            });
            var b = CompletableFuture.supplyAsync(() -> {
                await(barrier);
                return bob.api().post("/api/v1/friends/requests/" + ann.id(), Map.of());
            });
            assertThat(List.of(
                            a.get().expect(200).str("status"),
                            b.get().expect(200).str("status")))
                    .containsExactlyInAnyOrder("requested", "friends");
            assertThat(rows("select count(*) from friendships where user_id in (?, ?)", ann.id(), bob.id()))
                    .isEqualTo(2);
            assertThat(rows("select count(*) from friend_requests where requester_id in (?, ?)", ann.id(), bob.id()))
                    .isZero();
        }
    }

    @Test
    void badTargetsGetClearErrorsThatDoNotRevealABlock() {
        var ann = register();
        var bob = register();
        ann.api().post("/api/v1/friends/requests/" + ann.id(), Map.of()).problem(422, "validation_failed");
        var unknown = ann.api()
                .post("/api/v1/friends/requests/" + UUID.randomUUID(), Map.of())
                .problem(404, "not_found");
        assertThat(ann.api()
                        .post("/api/v1/friends/requests/not-a-uuid", Map.of())
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("user_id");

        block(bob, ann);
        var blocked =
                ann.api().post("/api/v1/friends/requests/" + bob.id(), Map.of()).problem(404, "not_found");
        assertThat(blocked.str("detail")).isEqualTo(unknown.str("detail"));
        ann.api().get("/api/v1/users/" + bob.id()).problem(404, "not_found");
        // who blocked knows it
        bob.api().post("/api/v1/friends/requests/" + ann.id(), Map.of()).problem(409, "blocked");
        ann.api().put("/api/v1/blocks/" + ann.id(), null).problem(422, "validation_failed");
        ann.api().put("/api/v1/blocks/" + UUID.randomUUID(), null).problem(404, "not_found");
    }

    @Test
    void blockingEndsTheFriendshipAndTheRequestsAndHidesBothWays() {
        var ann = named("Annika Blockwell");
        var bob = named("Bob Blockwell");
        var cid = named("Cid Blockwell");
        befriend(ann, bob);
        cid.api().post("/api/v1/friends/requests/" + ann.id(), Map.of()).expect(200);
        block(ann, bob);
        block(ann, bob);
        block(ann, cid);
        assertThat(ann.api().get("/api/v1/friends").expect(200).body().path("items"))
                .isEmpty();
        assertThat(bob.api().get("/api/v1/friends").expect(200).body().path("items"))
                .isEmpty();
        assertThat(ann.api().get("/api/v1/friends/requests").expect(200).body().path("items"))
                .isEmpty();
        assertThat(ids(ann.api().get("/api/v1/blocks").expect(200).body().path("items"), "/user/id"))
                .containsExactlyInAnyOrder(bob.id().toString(), cid.id().toString());
        assertThat(ids(
                        bob.api()
                                .get("/api/v1/users?query=blockwell")
                                .expect(200)
                                .body()
                                .path("items"),
                        ""))
                .doesNotContain(ann.id().toString())
                .contains(cid.id().toString());
        assertThat(ids(
                        ann.api()
                                .get("/api/v1/users?query=blockwell")
                                .expect(200)
                                .body()
                                .path("items"),
                        ""))
                .containsExactly(ann.id().toString());
        bob.api().get("/api/v1/users/" + ann.id()).problem(404, "not_found");
        ann.api().get("/api/v1/users/" + bob.id()).problem(404, "not_found");

        ann.api().delete("/api/v1/blocks/" + bob.id()).expect(204);
        ann.api().delete("/api/v1/blocks/" + bob.id()).expect(204);
        assertThat(bob.api()
                        .get("/api/v1/users/" + ann.id())
                        .expect(200)
                        .body()
                        .path("friendship")
                        .asString())
                .isEqualTo("none");
    }

    @Test
    void searchIgnoresCaseAndAccentsAndPages() {
        String tag = "Qz" + UUID.randomUUID().toString().substring(0, 6);
        var zoe = named("Zoë " + tag);
        var zoey = named("ZOEY " + tag);
        named("Someone Else");
        var me = register();
        var found = me.api()
                .get("/api/v1/users?query=zoe%20" + tag.toLowerCase())
                .expect(200)
                .body();
        assertThat(ids(found.path("items"), "")).containsExactly(zoe.id().toString());
        var page1 = me.api()
                .get("/api/v1/users?query=" + tag + "&limit=1")
                .expect(200)
                .body();
        assertThat(page1.path("items")).hasSize(1);
        assertThat(page1.path("items").get(0).has("email")).isFalse();
        var page2 = me.api()
                .get("/api/v1/users?query=" + tag + "&limit=1&cursor="
                        + page1.path("next_cursor").asString())
                .expect(200)
                .body();
        assertThat(List.of(
                        page1.path("items").get(0).path("id").asString(),
                        page2.path("items").get(0).path("id").asString()))
                .containsExactlyInAnyOrder(zoe.id().toString(), zoey.id().toString());
        assertThat(page2.path("next_cursor").isNull()).isTrue();
        // LIKE wildcards are text, not patterns
        assertThat(me.api().get("/api/v1/users?query=%25%25").expect(200).body().path("items"))
                .isEmpty();
        assertThat(me.api()
                        .get("/api/v1/users?query=z")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("query");
        assertThat(me.api()
                        .get("/api/v1/users")
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("query");
    }

    @Test
    void aProfileShowsCountsOnlyAsItsVisibilityAllowsAndNeverTheEmail() {
        var ann = named("Ann Profile");
        var friend = register();
        var stranger = register();
        befriend(ann, friend);
        activity(ann, "public", "public", "public");
        activity(ann, "friends", "friends", "friends");
        activity(ann, "private", "private", "private");

        var own = ann.api().get("/api/v1/users/" + ann.id()).expect(200).body();
        assertThat(own.path("stats").path("activities").asLong()).isEqualTo(3);
        var seenByFriend = friend.api().get("/api/v1/users/" + ann.id()).expect(200);
        assertThat(seenByFriend.text()).doesNotContain(ann.email());
        assertThat(seenByFriend.body().path("friendship").asString()).isEqualTo("friends");
        assertThat(seenByFriend.body().path("stats").path("activities").asLong())
                .isEqualTo(2);
        assertThat(seenByFriend.body().path("stats").path("friends").asLong()).isEqualTo(1);
        var seenByStranger =
                stranger.api().get("/api/v1/users/" + ann.id()).expect(200).body();
        assertThat(seenByStranger.path("stats").path("activities").asLong()).isEqualTo(1);
        assertThat(seenByStranger.path("stats").path("distance_meters").asDouble())
                .isEqualTo(5000.0);

        ann.api().patch("/api/v1/me", Map.of("profile_visibility", "friends")).expect(200);
        assertThat(stranger.api()
                        .get("/api/v1/users/" + ann.id())
                        .expect(200)
                        .body()
                        .path("stats")
                        .isNull())
                .isTrue();
        assertThat(friend.api()
                        .get("/api/v1/users/" + ann.id())
                        .expect(200)
                        .body()
                        .path("stats")
                        .isNull())
                .isFalse();
        stranger.api().get("/api/v1/users/" + UUID.randomUUID()).problem(404, "not_found");
    }

    @Test
    void newActivitiesTakeTheProfilesDefaults() {
        var ann = register();
        var me = ann.api()
                .patch(
                        "/api/v1/me",
                        Map.of(
                                "default_visibility",
                                "friends",
                                "default_map_visibility",
                                "public",
                                "default_heart_rate_visibility",
                                "private"))
                .expect(200)
                .body();
        assertThat(me.path("default_visibility").asString()).isEqualTo("friends");
        ann.api().patch("/api/v1/me", Map.of("default_visibility", "everyone")).problem(422, "validation_failed");
        var device = pair(ann);
        var created = device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), java.time.Instant.parse("2026-03-02T07:00:00Z")))
                .expect(201)
                .body();
        assertThat(created.path("visibility").asString()).isEqualTo("friends");
        assertThat(created.path("map_visibility").asString())
                .as("never wider than the activity")
                .isEqualTo("friends");
        assertThat(created.path("heart_rate_visibility").asString()).isEqualTo("private");
        // a facet wider than the activity is refused; narrowing the activity narrows its facets
        String id = created.path("id").asString();
        assertThat(ann.api()
                        .patch("/api/v1/activities/" + id, Map.of("map_visibility", "public"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("map_visibility");
        var narrowed = ann.api()
                .patch("/api/v1/activities/" + id, Map.of("visibility", "private"))
                .expect(200)
                .body();
        assertThat(narrowed.path("map_visibility").asString()).isEqualTo("private");
        var widened = ann.api()
                .patch("/api/v1/activities/" + id, Map.of("visibility", "public"))
                .expect(200)
                .body();
        assertThat(widened.path("map_visibility").asString())
                .as("a facet stays narrowed")
                .isEqualTo("private");
    }

    @Test
    void privacyZonesAreLimitedAndOwnedByTheirPerson() {
        var ann = register();
        var bob = register();
        var bad = ann.api()
                .post("/api/v1/me/privacy-zones", Map.of("lat", 95, "lon", 11.5, "radius_meters", 50))
                .problem(422, "validation_failed");
        assertThat(bad.fields()).containsExactlyInAnyOrder("lat", "radius_meters");
        UUID first = null;
        for (int i = 0; i < 5; i++) {
            var zone = ann.api()
                    .post("/api/v1/me/privacy-zones", Map.of("lat", 48.1, "lon", 11.5 + i, "radius_meters", 200))
                    .expect(201);
            first = first == null ? zone.id() : first;
        }
        ann.api()
                .post("/api/v1/me/privacy-zones", Map.of("lat", 48.1, "lon", 11.5, "radius_meters", 200))
                .problem(409, "too_many_zones");
        assertThat(ann.api().get("/api/v1/me/privacy-zones").expect(200).body()).hasSize(5);
        bob.api().delete("/api/v1/me/privacy-zones/" + first).problem(404, "not_found");
        assertThat(bob.api().get("/api/v1/me/privacy-zones").expect(200).body()).isEmpty();
        ann.api().delete("/api/v1/me/privacy-zones/" + first).expect(204);
        assertThat(ann.api().get("/api/v1/me/privacy-zones").expect(200).body()).hasSize(4);
    }

    @Test
    void everySocialOperationWantsAPersonsToken() {
        var ann = register();
        var device = pair(ann);
        var paths = api.get("/v3/api-docs").expect(200).body().path("paths");
        int checked = 0;
        for (var path : paths.properties()) {
            String concrete =
                    path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (var operation : path.getValue().properties()) {
                boolean social = false;
                for (var tag : operation.getValue().path("tags")) {
                    social |= tag.asString().equals("Social");
                }
                if (!social && !path.getKey().startsWith("/api/v1/me/privacy-zones")) {
                    continue;
                }
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
                checked++;
                assertThat(api.anonymous()
                                .send(method, concrete, body, "application/json", false)
                                .status())
                        .as("no token: %s %s", method, path.getKey())
                        .isEqualTo(401);
                assertThat(device.api()
                                .send(method, concrete, body, "application/json", false)
                                .str("code"))
                        .as("device token: %s %s", method, path.getKey())
                        .isEqualTo("invalid_token");
            }
        }
        assertThat(checked).isGreaterThan(35);
    }

    private long rows(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
