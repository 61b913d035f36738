package io.strideline.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.track.Geodesy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 25 §1: the cut of a privacy zone must not outline the zone. Cut exactly at the radius,
 * the first visible points of runs that leave home lie on one circle around it, so three of them
 * give the home away (their circumcentre). Each activity and route is cut by its own blurred
 * circle instead, stable across reads, holding the whole zone and at most twice its radius.
 *
 * <p>Why not "no three first points have their circumcentre within r/4 of the home": any cut
 * drawn at random per track puts the circumcentre of three such points within r/4 about one time
 * in five (the cuts are spread evenly around the home). What an exact cut shows and a blurred one
 * does not is agreement: exactly cut, every three points name the same centre and every first
 * point is at the same distance; that is what is checked.
 */
class ZoneBlurTest extends SocialTestBase {

    private static final int R = 200;
    private static final int TRACKS = 8;
    /** Points every 10 m out to 900 m: past the farthest hidden point (r/2 + 2r = 500 m). */
    private static final int POINTS = 91;

    private static final double STEP = 10;

    @Test
    void theFirstPointsFriendsSeeOfRunsFromHomeDoNotOutlineTheZone() {
        var owner = register();
        var friend = register();
        befriend(owner, friend);
        double[] home = somewhere();
        zone(owner, home);
        var device = pair(owner);

        var firstSeen = new ArrayList<double[]>();
        for (int i = 0; i < TRACKS; i++) {
            UUID id = runFromHome(
                    owner,
                    device,
                    home,
                    azimuth(i),
                    Instant.parse("2026-03-01T07:00:00Z").plusSeconds(i * 7200L));

            var mine = owner.api()
                    .get("/api/v1/activities/" + id + "?include=streams")
                    .expect(200)
                    .body();
            assertThat(mine.path("streams").path("lat").size())
                    .as("the owner sees every point")
                    .isEqualTo(POINTS);

            var seen = friend.api()
                    .get("/api/v1/activities/" + id + "?include=streams")
                    .expect(200)
                    .body();
            var again = friend.api()
                    .get("/api/v1/activities/" + id + "?include=streams")
                    .expect(200)
                    .body();
            var lat = seen.path("streams").path("lat");
            var lon = seen.path("streams").path("lon");
            assertThat(again.path("streams")).as("the same cut on every read").isEqualTo(seen.path("streams"));
            assertThat(lat.size())
                    .as("streams stay parallel")
                    .isEqualTo(seen.path("streams").path("t").size());
            for (int p = 0; p < lat.size(); p++) {
                assertThat(Geodesy.distance(
                                home[0],
                                home[1],
                                lat.get(p).asDouble(),
                                lon.get(p).asDouble()))
                        .as("no visible point inside the zone")
                        .isGreaterThan(R);
            }
            double[] first = {lat.get(0).asDouble(), lon.get(0).asDouble()};
            assertThat(Geodesy.distance(home[0], home[1], first[0], first[1]))
                    .as("the hidden area is at most 2r wide, r/2 off the zone's centre")
                    .isLessThanOrEqualTo(2.5 * R + STEP);
            firstSeen.add(first);
        }
        assertDoNotOutline(home, firstSeen);
    }

    @Test
    void theStartsOthersSeeOfRoutesFromHomeDoNotOutlineTheZone() {
        var owner = register();
        var other = register();
        double[] home = somewhere();
        zone(owner, home);

        var shownStarts = new ArrayList<double[]>();
        var ids = new ArrayList<String>();
        for (int i = 0; i < TRACKS; i++) {
            var points = new ArrayList<Map<String, Object>>();
            for (int p = 0; p < POINTS; p++) {
                double[] at = Geodesy.destination(home[0], home[1], azimuth(i), p * STEP);
                points.add(Map.of("lat", at[0], "lon", at[1]));
            }
            String id = owner.api()
                    .post("/api/v1/routes", Map.of("name", "From home " + i, "is_public", true, "points", points))
                    .expect(201)
                    .id()
                    .toString();
            ids.add(id);

            var mine = owner.api().get("/api/v1/routes/" + id).expect(200).body();
            assertThat(mine.path("start_lat").asDouble())
                    .as("the owner sees the true start")
                    .isCloseTo(home[0], within(1e-9));

            var seen = other.api().get("/api/v1/routes/" + id).expect(200).body();
            var again = other.api().get("/api/v1/routes/" + id).expect(200).body();
            assertThat(again.path("polyline")).as("the same cut on every read").isEqualTo(seen.path("polyline"));
            double[] start = {
                seen.path("start_lat").asDouble(), seen.path("start_lon").asDouble()
            };
            assertThat(again.path("start_lat").asDouble()).isEqualTo(start[0]);
            assertThat(Geodesy.distance(home[0], home[1], start[0], start[1]))
                    .as("the shown start is outside the zone, at most 2.5 r from its centre")
                    .isGreaterThan(R)
                    .isLessThanOrEqualTo(2.5 * R + STEP);
            shownStarts.add(start);
        }
        assertDoNotOutline(home, shownStarts);

        // the lists show the same starts, and the near search finds none of them by its hidden start
        var listed = other.api()
                .get("/api/v1/routes/public?limit=100")
                .expect(200)
                .body()
                .path("items");
        int found = 0;
        for (JsonNode r : listed) {
            int i = ids.indexOf(r.path("id").asString());
            if (i >= 0) {
                found++;
                assertThat(r.path("start_lat").asDouble()).isEqualTo(shownStarts.get(i)[0]);
                assertThat(r.path("start_lon").asDouble()).isEqualTo(shownStarts.get(i)[1]);
            }
        }
        assertThat(found).isEqualTo(TRACKS);
        var near = other.api()
                .get("/api/v1/routes/public?near=" + home[0] + "," + home[1] + "&radius_km=2")
                .expect(200)
                .body()
                .path("items");
        near.forEach(r -> assertThat(ids).doesNotContain(r.path("id").asString()));
    }

    /**
     * The points agree on no centre: not every three of them have their circumcentre within r/4
     * of the home (cut exactly, all of them are within metres), and they are not all at one
     * distance from it.
     */
    private static void assertDoNotOutline(double[] home, List<double[]> points) {
        var xy = points.stream().map(p -> local(home, p)).toList();
        int near = 0, triples = 0;
        for (int a = 0; a < xy.size(); a++) {
            for (int b = a + 1; b < xy.size(); b++) {
                for (int c = b + 1; c < xy.size(); c++) {
                    triples++;
                    double[] centre = circumcentre(xy.get(a), xy.get(b), xy.get(c));
                    if (Math.hypot(centre[0], centre[1]) < R / 4.0) {
                        near++;
                    }
                }
            }
        }
        assertThat(near)
                .as("triples whose circumcentre is within r/4 of the home")
                .isLessThan(triples);
        double min = Double.MAX_VALUE, max = 0;
        for (double[] p : xy) {
            double d = Math.hypot(p[0], p[1]);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min)
                .as("the first visible points are not on one circle around the home")
                .isGreaterThan(R / 10.0);
    }

    /** East and north of the home in metres: a plane is exact enough within a kilometre. */
    private static double[] local(double[] home, double[] p) {
        double north = Geodesy.distance(home[0], home[1], p[0], home[1]) * Math.signum(p[0] - home[0]);
        double east = Geodesy.distance(p[0], home[1], p[0], p[1]) * Math.signum(p[1] - home[1]);
        return new double[] {east, north};
    }

    private static double[] circumcentre(double[] a, double[] b, double[] c) {
        double d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]));
        double a2 = a[0] * a[0] + a[1] * a[1], b2 = b[0] * b[0] + b[1] * b[1], c2 = c[0] * c[0] + c[1] * c[1];
        return new double[] {
            (a2 * (b[1] - c[1]) + b2 * (c[1] - a[1]) + c2 * (a[1] - b[1])) / d,
            (a2 * (c[0] - b[0]) + b2 * (a[0] - c[0]) + c2 * (b[0] - a[0])) / d
        };
    }

    private static double azimuth(int track) {
        return -180 + 360.0 * track / TRACKS + 7;
    }

    /** A spot of its own, so that other tests' routes do not show up in the near search. */
    private static double[] somewhere() {
        return new double[] {
            ThreadLocalRandom.current().nextDouble(-60, 60),
            ThreadLocalRandom.current().nextDouble(-170, 170)
        };
    }

    private static void zone(Person owner, double[] home) {
        owner.api()
                .post("/api/v1/me/privacy-zones", Map.of("lat", home[0], "lon", home[1], "radius_meters", R))
                .expect(201);
    }

    /** A device run straight out from home, its map for friends. */
    private UUID runFromHome(Person owner, Device device, double[] home, double azimuth, Instant start) {
        var run = run(UUID.randomUUID(), start);
        var t = new ArrayList<Integer>();
        var lat = new ArrayList<Double>();
        var lon = new ArrayList<Double>();
        for (int p = 0; p < POINTS; p++) {
            double[] at = Geodesy.destination(home[0], home[1], azimuth, p * STEP);
            t.add(p * 5);
            lat.add(at[0]);
            lon.add(at[1]);
        }
        run.put("track", Map.of("t", t, "lat", lat, "lon", lon));
        UUID id = device.api().post("/api/v1/device/runs", run).expect(201).id();
        owner.api()
                .patch("/api/v1/activities/" + id, Map.of("visibility", "friends", "map_visibility", "friends"))
                .expect(200);
        return id;
    }
}
