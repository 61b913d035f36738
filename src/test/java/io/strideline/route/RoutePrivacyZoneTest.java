package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

        var theirs = other.api().get("/api/v1/routes/" + id).expect(200).body();
        List<double[]> seen = Polyline.decode(theirs.path("polyline").asString());
        assertThat(seen).hasSize(17);
        assertThat(seen.getFirst()[0]).isCloseTo(46.503, within(1e-5));
        assertThat(theirs.path("start_lat").asDouble()).isCloseTo(46.503, within(1e-9));
        var listed = other.api().get("/api/v1/routes/public").expect(200).body().path("items");
        listed.forEach(r -> {
            if (r.path("id").asString().equals(id.toString())) {
                assertThat(r.path("start_lat").asDouble()).isCloseTo(46.503, within(1e-9));
            }
        });
        String gpx = other.api()
                .get("/api/v1/routes/" + id + "/export.gpx")
                .expect(200)
                .text();
        assertThat(gpx)
                .doesNotContain("lat=\"46.5\"")
                .doesNotContain("lat=\"46.501")
                .contains("lat=\"46.503");
        assertThat(owner.api()
                        .get("/api/v1/routes/" + id + "/export.gpx")
                        .expect(200)
                        .text())
                .contains("lat=\"46.5\"");
    }
}
