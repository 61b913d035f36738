package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.Api;
import io.strideline.ApiTest;
import io.strideline.track.Geodesy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Someone else's public route never shows the points inside its owner's privacy zones. */
class RoutePrivacyZoneTest extends ApiTest {

    @Test
    void othersSeeTheRouteFromTheFirstPointOutsideTheOwnersZones() {
        var owner = register();
        var other = register();
        // 20 points northwards from (46.5, 7.5), ~111 m apart; a 300 m zone around the start
        var points = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 20; i++) {
            points.add(Map.of("lat", 46.5 + i * 0.001, "lon", 7.5));
        }
        owner.api()
                .post("/api/v1/me/privacy-zones", Map.of("lat", 46.5, "lon", 7.5, "radius_meters", 300))
                .expect(201);
        var id = owner.api()
                .post("/api/v1/routes", Map.of("name", "From home", "is_public", true, "points", points))
                .expect(201)
                .id();

        var mine = owner.api().get("/api/v1/routes/" + id).expect(200).body();
        assertThat(Polyline.decode(mine.path("polyline").asString())).hasSize(20);
        assertThat(mine.path("start_lat").asDouble()).isEqualTo(46.5);

        // cut by a blurred circle holding the zone, at most 2.5 r (750 m) from its centre (ZoneBlurTest)
        var theirs = other.api().get("/api/v1/routes/" + id).expect(200).body();
        List<double[]> seen = Polyline.decode(theirs.path("polyline").asString());
        assertThat(seen).hasSizeBetween(12, 17);
        double shownLat = theirs.path("start_lat").asDouble();
        assertThat(shownLat).isBetween(46.5029, 46.5081);
        assertThat(seen.getFirst()[0]).isCloseTo(shownLat, within(1e-5));
        assertThat(theirs.path("start_lon").asDouble()).isEqualTo(7.5);
        var listed = other.api().get("/api/v1/routes/public").expect(200).body().path("items");
        listed.forEach(r -> {
            if (r.path("id").asString().equals(id.toString())) {
                assertThat(r.path("start_lat").asDouble()).isEqualTo(shownLat);
            }
        });
        String gpx = other.api()
                .get("/api/v1/routes/" + id + "/export.gpx")
                .expect(200)
                .text();
        assertThat(gpx)
                .doesNotContain("lat=\"46.5\"")
                .doesNotContain("lat=\"46.501")
                .doesNotContain("lat=\"46.502")
                .contains("lat=\"" + String.format(java.util.Locale.ROOT, "%.3f", shownLat));
        assertThat(owner.api()
                        .get("/api/v1/routes/" + id + "/export.gpx")
                        .expect(200)
                        .text())
                .contains("lat=\"46.5\"");
    }

    /**
     * A route that never leaves its owner's zone would have no point left to show, and any start
     * shown for it (the stored one, or the hidden area's centre) would point into the zone: to
     * others it is an unknown route on every path, while its owner keeps it.
     */
    @Test
    void aRouteWhollyInsideTheOwnersZoneIsUnknownToOthers() {
        var owner = register();
        var other = register();
        // 5 points ~50 m apart around (46.7, 7.7), all inside a 500 m zone
        var points = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 5; i++) {
            points.add(Map.of("lat", 46.7 + i * 0.0004, "lon", 7.7));
        }
        owner.api()
                .post("/api/v1/me/privacy-zones", Map.of("lat", 46.7, "lon", 7.7, "radius_meters", 500))
                .expect(201);
        var id = owner.api()
                .post("/api/v1/routes", Map.of("name", "Garden loop", "is_public", true, "points", points))
                .expect(201)
                .id();

        assertThat(owner.api()
                        .get("/api/v1/routes/" + id)
                        .expect(200)
                        .body()
                        .path("start_lat")
                        .asDouble())
                .isEqualTo(46.7);
        other.api().get("/api/v1/routes/" + id).expect(404);
        other.api().get("/api/v1/routes/" + id + "/export.gpx").expect(404);
        other.api()
                .send("PUT", "/api/v1/routes/" + id + "/favorite", null, "application/json", false)
                .expect(404);
        var listed = other.api()
                .get("/api/v1/routes/public?limit=200")
                .expect(200)
                .body()
                .path("items");
        listed.forEach(r -> assertThat(r.path("id").asString()).isNotEqualTo(id.toString()));
        var near = other.api()
                .get("/api/v1/routes/public?near=46.7,7.7&radius_km=5")
                .expect(200)
                .body()
                .path("items");
        near.forEach(r -> assertThat(r.path("id").asString()).isNotEqualTo(id.toString()));
    }

    /**
     * The near search must not find a route by its hidden start, nor answer distances from which
     * the start could be trilaterated: a route starting in its owner's zone is not found by
     * distance at all, and every distance answered is a multiple of 100 m from the start shown.
     */
    @Test
    void theNearSearchNeitherFindsNorMeasuresAHiddenStart() {
        var owner = register();
        var other = register();
        // a spot of its own, so that other tests' routes do not interfere
        double lat = ThreadLocalRandom.current().nextDouble(-60, 60);
        double lon = ThreadLocalRandom.current().nextDouble(-170, 170);
        owner.api()
                .post("/api/v1/me/privacy-zones", Map.of("lat", lat, "lon", lon, "radius_meters", 300))
                .expect(201);
        var fromHome = northwards(owner, "From home", lat, lon);
        var outside = northwards(owner, "Outside", lat + 0.02, lon + 0.003);

        assertThat(ids(other.api().get(near(lat, lon, 0.01)).expect(200))).doesNotContain(fromHome.toString());
        assertThat(ids(owner.api().get(near(lat, lon, 0.01)).expect(200))).contains(fromHome.toString());

        var shown = other.api().get("/api/v1/routes/" + fromHome).expect(200).body();
        double shownLat = shown.path("start_lat").asDouble(),
                shownLon = shown.path("start_lon").asDouble();
        var seenOutside =
                other.api().get("/api/v1/routes/" + outside).expect(200).body();
        // three searches around the shown start, as a trilateration would do
        for (double[] at :
                new double[][] {{shownLat, shownLon}, {shownLat + 0.004, shownLon}, {shownLat, shownLon + 0.006}}) {
            var page = other.api().get(near(at[0], at[1], 10)).expect(200);
            assertThat(ids(page)).doesNotContain(fromHome.toString()).contains(outside.toString());
            for (JsonNode item : page.body().path("items")) {
                double answered = item.path("distance_from_near_meters").asDouble();
                assertThat(answered % 100).isZero();
                if (item.path("id").asString().equals(outside.toString())) {
                    double fromShown = Geodesy.distance(
                            at[0],
                            at[1],
                            seenOutside.path("start_lat").asDouble(),
                            seenOutside.path("start_lon").asDouble());
                    assertThat(answered).isCloseTo(fromShown, within(50 + fromShown * 0.005));
                }
            }
        }
    }

    /** A public route of 20 points northwards from (lat, lon), ~111 m apart. */
    private static UUID northwards(Person owner, String name, double lat, double lon) {
        var points = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 20; i++) {
            points.add(Map.of("lat", lat + i * 0.001, "lon", lon));
        }
        return owner.api()
                .post("/api/v1/routes", Map.of("name", name, "is_public", true, "points", points))
                .expect(201)
                .id();
    }

    private static String near(double lat, double lon, double radiusKm) {
        return "/api/v1/routes/public?near=" + lat + "," + lon + "&radius_km=" + radiusKm;
    }

    private static List<String> ids(Api.Response page) {
        var out = new ArrayList<String>();
        page.body().path("items").forEach(item -> out.add(item.path("id").asString()));
        return out;
    }
}
