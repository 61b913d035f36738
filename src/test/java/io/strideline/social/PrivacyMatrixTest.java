package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who sees what of an activity: {owner, friend, stranger, blocked, no token} × {private,
 * friends, public} × {summary, map and streams, heart rate, privacy zone}, on every read path
 * (the activity, the person's list, the feed, kudos and comments).
 */
class PrivacyMatrixTest extends SocialTestBase {

    enum Viewer {
        OWNER,
        FRIEND,
        STRANGER,
        BLOCKED;

        boolean sees(String visibility) {
            return switch (this) {
                case OWNER -> true;
                case FRIEND -> !visibility.equals("private");
                case STRANGER -> visibility.equals("public");
                case BLOCKED -> false;
            };
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"private", "friends", "public"})
    void everyReadPathShowsExactlyWhatTheVisibilitiesAllow(String visibility) {
        var owner = register();
        var friend = register();
        var stranger = register();
        var blocked = register();
        befriend(owner, friend);
        befriend(owner, blocked);
        block(blocked, owner);
        // a zone around the start: the first 9 points (0 to 89 m; the 10th is 100.1 m away) are inside
        owner.api()
                .post(
                        "/api/v1/me/privacy-zones",
                        Map.of("name", "Home", "lat", START_LAT, "lon", START_LON, "radius_meters", 100))
                .expect(201);
        UUID whole = activity(owner, visibility, visibility, visibility);
        UUID facetsPrivate = activity(owner, visibility, "private", "private");

        var soft = new SoftAssertions();
        for (var viewer : Viewer.values()) {
            Api api = switch (viewer) {
                case OWNER -> owner.api();
                case FRIEND -> friend.api();
                case STRANGER -> stranger.api();
                case BLOCKED -> blocked.api();
            };
            boolean sees = viewer.sees(visibility);
            String who = viewer + " on " + visibility;

            for (UUID id : new UUID[] {whole, facetsPrivate}) {
                boolean facetsShown = id == whole ? sees : viewer == Viewer.OWNER;
                var detail = api.get("/api/v1/activities/" + id + "?include=streams");
                soft.assertThat(detail.status()).as(who + ": GET activity").isEqualTo(sees ? 200 : 404);
                if (detail.status() != 200) {
                    soft.assertThat(detail.text())
                            .as(who + ": a 404 tells nothing")
                            .doesNotContain(owner.id().toString());
                    continue;
                }
                var a = detail.body();
                soft.assertThat(a.path("distance_meters").asDouble())
                        .as(who + ": summary")
                        .isEqualTo(5000.0);
                soft.assertThat(a.path("has_track").asBoolean())
                        .as(who + ": has_track")
                        .isEqualTo(facetsShown);
                var lat = a.path("streams").path("lat");
                soft.assertThat(lat.isArray()).as(who + ": map in streams").isEqualTo(facetsShown);
                soft.assertThat(a.path("avg_heart_rate").isNull())
                        .as(who + ": heart rate")
                        .isEqualTo(!facetsShown);
                soft.assertThat(a.path("streams").path("hr").isArray())
                        .as(who + ": hr stream")
                        .isEqualTo(facetsShown);
                soft.assertThat(a.path("device_id").isNull())
                        .as(who + ": device id")
                        .isEqualTo(viewer != Viewer.OWNER);
                if (lat.isArray()) {
                    // the owner sees every point; others none inside the zone, the start moved out of
                    // it: cut by a blurred circle holding the zone, at most 2.5 r (250 m, 23 points)
                    // from its centre (ZoneBlurTest)
                    if (viewer == Viewer.OWNER) {
                        soft.assertThat(lat.size()).as(who + ": every point").isEqualTo(30);
                    } else {
                        soft.assertThat(lat.size())
                                .as(who + ": points outside the hidden area")
                                .isBetween(7, 21);
                    }
                    soft.assertThat(a.path("streams").path("t").size())
                            .as(who + ": streams stay parallel")
                            .isEqualTo(lat.size());
                    if (viewer != Viewer.OWNER) {
                        soft.assertThat(lat.get(0).asDouble())
                                .as(who + ": start outside the zone")
                                .isGreaterThan(START_LAT + 0.00085);
                    }
                }
            }

            var list = api.get("/api/v1/users/" + owner.id() + "/activities");
            if (viewer == Viewer.BLOCKED) {
                soft.assertThat(list.status()).as(who + ": list").isEqualTo(404);
            } else {
                list.expect(200);
                soft.assertThat(ids(list.body().path("items"), ""))
                        .as(who + ": list")
                        .containsExactlyInAnyOrderElementsOf(
                                sees
                                        ? java.util.List.of(whole.toString(), facetsPrivate.toString())
                                        : java.util.List.of());
                list.body().path("items").forEach(item -> {
                    boolean facetsShown =
                            item.path("id").asString().equals(whole.toString()) ? sees : viewer == Viewer.OWNER;
                    soft.assertThat(item.path("avg_heart_rate").isNull())
                            .as(who + ": list heart rate")
                            .isEqualTo(!facetsShown);
                    soft.assertThat(item.path("has_track").asBoolean())
                            .as(who + ": list map")
                            .isEqualTo(facetsShown);
                });
            }

            var feed = api.get("/api/v1/feed").expect(200).body().path("items");
            boolean inFeed = viewer == Viewer.OWNER || (viewer == Viewer.FRIEND && sees);
            soft.assertThat(ids(feed, "/activity/activity/id"))
                    .as(who + ": feed")
                    .containsExactlyInAnyOrderElementsOf(
                            inFeed
                                    ? java.util.List.of(whole.toString(), facetsPrivate.toString())
                                    : java.util.List.of());
            feed.forEach(item -> {
                var a = item.path("activity").path("activity");
                boolean facetsShown = a.path("id").asString().equals(whole.toString()) ? sees : viewer == Viewer.OWNER;
                soft.assertThat(a.path("avg_heart_rate").isNull())
                        .as(who + ": feed heart rate")
                        .isEqualTo(!facetsShown);
            });

            var kudos = api.put("/api/v1/activities/" + whole + "/like", null);
            soft.assertThat(kudos.status()).as(who + ": kudos").isEqualTo(sees ? 200 : 404);
            var comments = api.get("/api/v1/activities/" + whole + "/comments");
            soft.assertThat(comments.status()).as(who + ": comments").isEqualTo(sees ? 200 : 404);
        }

        var anonymous = api.anonymous();
        soft.assertThat(anonymous.get("/api/v1/activities/" + whole).status())
                .as("no token")
                .isEqualTo(401);
        soft.assertThat(anonymous
                        .get("/api/v1/users/" + owner.id() + "/activities")
                        .status())
                .as("no token")
                .isEqualTo(401);
        soft.assertAll();
        assertThat(whole).isNotEqualTo(facetsPrivate);
    }
}
