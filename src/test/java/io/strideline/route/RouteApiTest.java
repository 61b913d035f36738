package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class RouteApiTest extends ApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int serverPort;

    @Autowired
    JdbcClient jdbc;

    // --- creation

    @Test
    void createsRouteFromPointsWithComputedDistanceClimbAndDuration() {
        var ann = register();
        // about 1.1 km due north, 60 m up
        var points = List.of(point(47.0, 8.0, 400.0), point(47.005, 8.0, 430.0), point(47.01, 8.0, 460.0));
        var route = ann.api()
                .post("/api/v1/routes", Map.of("name", "Hill", "description", "steep", "points", points))
                .expect(201);

        var body = route.body();
        assertThat(route.header("Location")).isEqualTo("/api/v1/routes/" + route.id());
        assertThat(body.path("name").asString()).isEqualTo("Hill");
        assertThat(body.path("is_public").asBoolean()).isFalse();
        assertThat(body.path("mine").asBoolean()).isTrue();
        assertThat(body.path("source").asString()).isEqualTo("points");
        assertThat(body.path("distance_meters").asDouble()).isCloseTo(1111.9, within(2.0));
        assertThat(body.path("start_lat").asDouble()).isEqualTo(47.0);
        assertThat(body.path("point_count").asInt()).isEqualTo(3);
        assertThat(body.path("difficulty").asString()).isEqualTo("easy");
        double gain = body.path("elevation_gain_meters").asDouble();
        assertThat(gain).isBetween(20.0, 60.0);
        assertThat(body.path("estimated_duration_seconds").asInt())
                .isEqualTo(RouteMetrics.estimatedSeconds(
                        body.path("distance_meters").asDouble(), gain));
        var decoded = Polyline.decode(body.path("polyline").asString());
        assertThat(decoded).hasSize(3);
        assertThat(decoded.get(2)[0]).isCloseTo(47.01, within(1e-5));
    }

    @Test
    void givenDifficultyWinsOverTheDerivedOne() {
        var ann = register();
        var route = ann.api()
                .post("/api/v1/routes", Map.of("name", "Flat", "difficulty", "hard", "points", twoPoints()))
                .expect(201);
        assertThat(route.str("difficulty")).isEqualTo("hard");
    }

    @Test
    void createsRouteFromGpxFileTakingItsName() throws Exception {
        var ann = register();
        String gpx = """
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                  <metadata><name>Lake loop</name><desc>Along the shore</desc></metadata>
                  <wpt lat="10" lon="10"><name>ignored waypoint</name></wpt>
                  <trk><name>Track name</name>
                    <trkseg>
                      <trkpt lat="46.0" lon="7.0"><ele>500</ele></trkpt>
                      <trkpt lat="46.001" lon="7.001"><ele>501</ele></trkpt>
                    </trkseg>
                    <trkseg>
                      <trkpt lat="46.002" lon="7.002"><ele>502</ele></trkpt>
                    </trkseg>
                  </trk>
                </gpx>
                """;
        var route = upload(ann, "lake.gpx", gpx.getBytes(StandardCharsets.UTF_8), Map.of("is_public", "true"))
                .expect(201);
        assertThat(route.str("name")).isEqualTo("Lake loop");
        assertThat(route.str("description")).isEqualTo("Along the shore");
        assertThat(route.str("source")).isEqualTo("gpx");
        assertThat(route.body().path("is_public").asBoolean()).isTrue();
        assertThat(route.body().path("point_count").asInt()).isEqualTo(3);

        var steep = upload(ann, "lake.gpx", gpx.getBytes(StandardCharsets.UTF_8), Map.of("difficulty", "hard"))
                .expect(201);
        assertThat(steep.str("difficulty")).isEqualTo("hard");
        rejectsValue(
                upload(ann, "lake.gpx", gpx.getBytes(StandardCharsets.UTF_8), Map.of("difficulty", "brutal")),
                "difficulty",
                "easy, moderate, hard");
    }

    @Test
    void gpx10RoutePointsAndFileNameAsDefaultName() throws Exception {
        var ann = register();
        String gpx = """
                <gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0">
                  <rte><rtept lat="45.0" lon="6.0"/><rtept lat="45.01" lon="6.01"/></rte>
                </gpx>
                """;
        var route = upload(ann, "Col du Test.gpx", gpx.getBytes(StandardCharsets.UTF_8), Map.of())
                .expect(201);
        assertThat(route.str("name")).isEqualTo("Col du Test");
        assertThat(route.body().path("point_count").asInt()).isEqualTo(2);
    }

    @Test
    void createsRouteFromMyActivityButNotFromSomeoneElses() {
        var ann = register();
        var device = pair(ann);
        var run = run(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.DAYS));
        run.put(
                "track",
                Map.of(
                        "t", List.of(0, 10, 20, 30),
                        "lat", List.of(51.5, 51.501, 51.502, 51.503),
                        "lon", List.of(-0.1, -0.1, -0.1, -0.1),
                        "ele", List.of(10, 11, 12, 13)));
        UUID activity =
                device.api().post("/api/v1/device/runs", run).expect(201).id();

        var route = ann.api()
                .post("/api/v1/routes", Map.of("name", "My run", "activity_id", activity))
                .expect(201);
        assertThat(route.str("source")).isEqualTo("activity");
        assertThat(route.body().path("point_count").asInt()).isEqualTo(4);
        assertThat(route.body().path("distance_meters").asDouble()).isCloseTo(333.6, within(1.0));

        var bob = register();
        bob.api()
                .post("/api/v1/routes", Map.of("name", "Stolen", "activity_id", activity))
                .problem(404, "not_found");
        bob.api()
                .post("/api/v1/routes", Map.of("name", "Nothing", "activity_id", UUID.randomUUID()))
                .problem(404, "not_found");
    }

    // --- bad input

    @Test
    void rejectsBadPointsNamingEachField() {
        var ann = register();
        var points = new ArrayList<Object>();
        points.add(point(47.0, 8.0, null));
        points.add(Map.of("lat", 47.0));
        points.add(point(47.0, 8.0, 99_999.0));
        points.add(point(95.0, -200.0, null));
        var problem = ann.api()
                .post("/api/v1/routes", Map.of("name", "", "points", points))
                .problem(422, "validation_failed");
        assertThat(problem.fields())
                .contains("name", "points[1].lon", "points[2].ele", "points[3].lat", "points[3].lon");
        rejectsValue(
                ann.api().post("/api/v1/routes", Map.of("name", "", "difficulty", "brutal", "points", points)),
                "difficulty",
                "easy, moderate, hard");
        assertThat(rows("select count(*) from routes where user_id = ?", ann.id()))
                .isZero();
    }

    @Test
    void rejectsTooFewPointsTooLongNamesAndMissingGeometry() {
        var ann = register();
        assertThat(ann.api()
                        .post(
                                "/api/v1/routes",
                                Map.of("name", "x".repeat(101), "points", List.of(point(1.0, 1.0, null))))
                        .problem(422, "validation_failed")
                        .fields())
                .contains("name", "points");
        assertThat(ann.api()
                        .post("/api/v1/routes", Map.of("name", "nothing"))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactly("points");
        assertThat(ann.api()
                        .post(
                                "/api/v1/routes",
                                Map.of("name", "both", "points", twoPoints(), "activity_id", UUID.randomUUID()))
                        .problem(422, "validation_failed")
                        .fields())
                .contains("activity_id");
    }

    @Test
    void rejectsNonNumericCoordinateAsMalformed() {
        var ann = register();
        var problem = ann.api()
                .post(
                        "/api/v1/routes",
                        Map.of("name", "x", "points", List.of(point(1.0, 1.0, null), Map.of("lat", "north", "lon", 1))))
                .problem(400, "malformed_request");
        assertThat(problem.fields()).containsExactly("points[1].lat");
    }

    @Test
    void hostileGpxIsRefusedWithoutResolvingEntities() throws Exception {
        var ann = register();
        var secret = Files.createTempFile("strideline-secret", ".txt");
        Files.writeString(secret, "TOPSECRET-" + UUID.randomUUID());
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE gpx [<!ENTITY xxe SYSTEM "%s">]>
                <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
                  <metadata><name>&xxe;</name></metadata>
                  <trk><trkseg><trkpt lat="1" lon="1"/><trkpt lat="1.1" lon="1.1"/></trkseg></trk>
                </gpx>
                """.formatted(secret.toUri());
        var r = upload(ann, "xxe.gpx", xxe.getBytes(StandardCharsets.UTF_8), Map.of());
        r.problem(400, "invalid_gpx");
        assertThat(r.text()).doesNotContain("TOPSECRET");

        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <gpx><metadata><name>&lol3;</name></metadata></gpx>
                """;
        upload(ann, "lol.gpx", laughs.getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(400, "invalid_gpx");
        upload(ann, "bad.gpx", "<gpx><trk><trkseg><trkpt lat=".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(400, "invalid_gpx");
        upload(ann, "html.gpx", "<html><body/></html>".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(400, "invalid_gpx");
        upload(
                        ann,
                        "range.gpx",
                        "<gpx><trk><trkseg><trkpt lat=\"91\" lon=\"1\"/><trkpt lat=\"1\" lon=\"1\"/></trkseg></trk></gpx>"
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of())
                .problem(422, "validation_failed");
        upload(ann, "empty.gpx", "<gpx/>".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "validation_failed");
        assertThat(rows("select count(*) from routes where user_id = ?", ann.id()))
                .as("nothing stored")
                .isZero();
    }

    @Test
    void refusesGpxFilesOverTenMegabytes() throws Exception {
        var ann = register();
        var big = new ByteArrayOutputStream();
        big.write("<gpx>".getBytes(StandardCharsets.UTF_8));
        big.write(" ".repeat(10 * 1024 * 1024 + 1).getBytes(StandardCharsets.UTF_8));
        big.write("</gpx>".getBytes(StandardCharsets.UTF_8));
        upload(ann, "big.gpx", big.toByteArray(), Map.of()).problem(413, "payload_too_large");
    }

    // --- authentication and visibility

    @Test
    void needsAUserToken() {
        api.anonymous().get("/api/v1/routes").expect(401);
        api.anonymous().get("/api/v1/routes/public").expect(401);
        api.anonymous()
                .post("/api/v1/routes", Map.of("name", "x", "points", twoPoints()))
                .expect(401);
        var device = pair(register());
        device.api().get("/api/v1/routes").expect(401);
        device.api()
                .post("/api/v1/routes", Map.of("name", "x", "points", twoPoints()))
                .expect(401);
    }

    @Test
    void otherPeoplesPrivateRoutesAreNotFound() {
        var ann = register();
        UUID id = create(ann, "Secret", false, 10.0, 10.0);
        var bob = register();
        bob.api().get("/api/v1/routes/" + id).problem(404, "not_found");
        bob.api().get("/api/v1/routes/" + id + "/export.gpx").problem(404, "not_found");
        bob.api().patch("/api/v1/routes/" + id, Map.of("name", "mine now")).problem(404, "not_found");
        bob.api().delete("/api/v1/routes/" + id).problem(404, "not_found");
        bob.api()
                .send("PUT", "/api/v1/routes/" + id + "/favorite", null, "application/json", false)
                .problem(404, "not_found");
        bob.api().delete("/api/v1/routes/" + id + "/favorite").problem(404, "not_found");
        bob.api().get("/api/v1/routes/" + UUID.randomUUID()).problem(404, "not_found");
        assertThat(ann.api().get("/api/v1/routes/" + id).expect(200).str("name"))
                .isEqualTo("Secret");
    }

    @Test
    void publicRoutesAreVisibleToEveryoneButChangeableOnlyByTheOwner() {
        var ann = register();
        UUID id = create(ann, "Shared", true, 11.0, 11.0);
        UUID hidden = create(ann, "Hidden", false, 11.0, 11.0);
        var bob = register();

        var seen = bob.api().get("/api/v1/routes/" + id).expect(200);
        assertThat(seen.body().path("mine").asBoolean()).isFalse();
        assertThat(seen.body().path("owner_id").asString()).isEqualTo(ann.id().toString());
        var publicIds = ids(bob.api().get("/api/v1/routes/public?limit=200").expect(200));
        assertThat(publicIds).contains(id.toString()).doesNotContain(hidden.toString());
        bob.api().patch("/api/v1/routes/" + id, Map.of("name", "mine now")).problem(404, "not_found");
        bob.api().delete("/api/v1/routes/" + id).problem(404, "not_found");

        // favourites: idempotent, listed, gone from the list once the route turns private
        put(bob, "/api/v1/routes/" + id + "/favorite").expect(204);
        put(bob, "/api/v1/routes/" + id + "/favorite").expect(204);
        var favorites = bob.api().get("/api/v1/routes/favorites").expect(200);
        assertThat(ids(favorites)).containsExactly(id.toString());
        assertThat(favorites.body().path("items").get(0).path("favorite").asBoolean())
                .isTrue();
        assertThat(bob.api()
                        .get("/api/v1/routes/" + id)
                        .expect(200)
                        .body()
                        .path("favorite")
                        .asBoolean())
                .isTrue();

        ann.api().patch("/api/v1/routes/" + id, Map.of("is_public", false)).expect(200);
        assertThat(ids(bob.api().get("/api/v1/routes/favorites").expect(200))).isEmpty();
        bob.api().get("/api/v1/routes/" + id).problem(404, "not_found");
        // a favourite of a route that turned private can still be removed, once
        bob.api().delete("/api/v1/routes/" + id + "/favorite").expect(204);
        bob.api().delete("/api/v1/routes/" + id + "/favorite").problem(404, "not_found");
    }

    @Test
    void ownerChangesAndDeletesARoute() {
        var ann = register();
        UUID id = create(ann, "Draft", false, 12.0, 12.0);
        put(ann, "/api/v1/routes/" + id + "/favorite").expect(204);
        var changed = ann.api()
                .patch(
                        "/api/v1/routes/" + id,
                        Map.of("name", "Final", "description", "now public", "is_public", true, "difficulty", "hard"))
                .expect(200);
        assertThat(changed.str("name")).isEqualTo("Final");
        assertThat(changed.str("description")).isEqualTo("now public");
        assertThat(changed.body().path("is_public").asBoolean()).isTrue();
        assertThat(changed.str("difficulty")).isEqualTo("hard");
        assertThat(changed.body().path("polyline").asString()).isNotEmpty();

        assertThat(ann.api()
                        .patch("/api/v1/routes/" + id, Map.of("name", " ", "description", "x".repeat(2001)))
                        .problem(422, "validation_failed")
                        .fields())
                .containsExactlyInAnyOrder("name", "description");
        rejectsValue(
                ann.api().patch("/api/v1/routes/" + id, Map.of("name", " ", "difficulty", "extreme")),
                "difficulty",
                "easy, moderate, hard");
        var cleared = ann.api()
                .patch("/api/v1/routes/" + id, Map.of("description", ""))
                .expect(200);
        assertThat(cleared.body().path("description").isNull()).isTrue();
        assertThat(cleared.str("name")).isEqualTo("Final");

        ann.api().delete("/api/v1/routes/" + id).expect(204);
        ann.api().get("/api/v1/routes/" + id).problem(404, "not_found");
        ann.api().delete("/api/v1/routes/" + id).problem(404, "not_found");
        assertThat(rows("select count(*) from route_favorites where route_id = ?", id))
                .isZero();
    }

    // --- lists

    @Test
    void myRoutesNewestFirstInCursorPages() {
        var ann = register();
        UUID first = create(ann, "one", false, 13.0, 13.0);
        UUID second = create(ann, "two", true, 13.0, 13.0);
        UUID third = create(ann, "three", false, 13.0, 13.0);
        create(register(), "someone else's", true, 13.0, 13.0);

        var page1 = ann.api().get("/api/v1/routes?limit=2").expect(200);
        assertThat(ids(page1)).containsExactly(third.toString(), second.toString());
        assertThat(page1.body().path("items").get(0).has("polyline")).isTrue();
        String cursor = page1.str("next_cursor");
        var page2 = ann.api().get("/api/v1/routes?limit=2&cursor=" + cursor).expect(200);
        assertThat(ids(page2)).containsExactly(first.toString());
        assertThat(page2.body().path("next_cursor").isNull()).isTrue();
        ann.api().get("/api/v1/routes?limit=500").problem(422, "validation_failed");
        ann.api().get("/api/v1/routes?cursor=garbage").problem(422, "validation_failed");
    }

    @Test
    void nearSearchOrdersPublicRoutesByDistanceToTheirStart() {
        var ann = register();
        // a spot of its own, so that other tests' routes do not interfere
        double lat = ThreadLocalRandom.current().nextDouble(-60, 60);
        double lon = ThreadLocalRandom.current().nextDouble(-170, 170);
        UUID far = create(ann, "far", true, lat + 0.3, lon); // ~33 km
        UUID near = create(ann, "near", true, lat + 0.01, lon); // ~1 km
        UUID middle = create(ann, "middle", true, lat, lon - 0.1 / Math.cos(Math.toRadians(lat))); // ~11 km
        create(ann, "private", false, lat, lon);
        create(ann, "beyond", true, lat + 1.0, lon); // ~111 km, outside 50 km

        var bob = register();
        String near0 = "/api/v1/routes/public?near=" + lat + "," + lon;
        var all = bob.api().get(near0).expect(200);
        assertThat(ids(all)).containsExactly(near.toString(), middle.toString(), far.toString());
        assertThat(all.body()
                        .path("items")
                        .get(0)
                        .path("distance_from_near_meters")
                        .asDouble())
                .isCloseTo(1112, within(5.0));

        var page1 = bob.api().get(near0 + "&limit=2").expect(200);
        assertThat(ids(page1)).containsExactly(near.toString(), middle.toString());
        var page2 = bob.api()
                .get(near0 + "&limit=2&cursor=" + page1.str("next_cursor"))
                .expect(200);
        assertThat(ids(page2)).containsExactly(far.toString());
        assertThat(page2.body().path("next_cursor").isNull()).isTrue();

        assertThat(ids(bob.api().get(near0 + "&radius_km=200").expect(200))).hasSize(4);
        assertThat(bob.api()
                        .get("/api/v1/routes/public?near=95,1&radius_km=0")
                        .problem(422, "validation_failed")
                        .fields())
                .contains("near", "radius_km");
        bob.api().get("/api/v1/routes/public?near=abc").problem(422, "validation_failed");
    }

    @Test
    void nearSearchWorksAcrossTheAntimeridian() {
        var ann = register();
        double lat = ThreadLocalRandom.current().nextDouble(-50, 50);
        UUID east = create(ann, "east", true, lat, 179.95);
        UUID west = create(ann, "west", true, lat, -179.9);
        var found = ann.api()
                .get("/api/v1/routes/public?near=" + lat + ",179.99&radius_km=30")
                .expect(200);
        assertThat(ids(found)).containsExactly(east.toString(), west.toString());
    }

    // --- export

    @Test
    void exportedGpxParsesBackToTheRoute() throws Exception {
        var ann = register();
        var points = List.of(point(48.1, 11.5, 520.0), point(48.11, 11.51, null), point(48.12, 11.52, 530.25));
        UUID id = ann.api()
                .post("/api/v1/routes", Map.of("name", "Isar & back", "is_public", true, "points", points))
                .expect(201)
                .id();
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/routes/" + id + "/export.gpx"))
                        .header("Authorization", "Bearer " + register().accessToken())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/gpx+xml");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("Isar-back.gpx");
        String xml = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(xml).contains("version=\"1.1\"").contains("xmlns=\"http://www.topografix.com/GPX/1/1\"");
        // the same through Api: the answer (application/gpx+xml, a string) is checked against the document
        var viaApi =
                register().api().get("/api/v1/routes/" + id + "/export.gpx").expect(200);
        assertThat(viaApi.header("Content-Type")).startsWith("application/gpx+xml");
        assertThat(viaApi.text()).isEqualTo(xml);
        var parsed = Gpx.read(new ByteArrayInputStream(response.body()));
        assertThat(parsed.name()).isEqualTo("Isar & back");
        assertThat(parsed.geometry().lat()).containsExactly(48.1, 48.11, 48.12);
        assertThat(parsed.geometry().lon()).containsExactly(11.5, 11.51, 11.52);
        assertThat(parsed.geometry().ele()).containsExactly(520.0, Double.NaN, 530.25);
    }

    // --- helpers

    private String base() {
        return "http://localhost:" + serverPort;
    }

    private static Map<String, Object> point(double lat, double lon, Double ele) {
        var p = new LinkedHashMap<String, Object>();
        p.put("lat", lat);
        p.put("lon", lon);
        if (ele != null) {
            p.put("ele", ele);
        }
        return p;
    }

    private static List<Map<String, Object>> twoPoints() {
        return List.of(point(1.0, 1.0, null), point(1.001, 1.001, null));
    }

    private UUID create(Person person, String name, boolean isPublic, double lat, double lon) {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("is_public", isPublic);
        body.put("points", List.of(point(lat, lon, null), point(lat + 0.001, lon, null)));
        return person.api().post("/api/v1/routes", body).expect(201).id();
    }

    private Api.Response put(Person person, String path) {
        return person.api().send("PUT", path, null, "application/json", false);
    }

    private static List<String> ids(Api.Response page) {
        var out = new ArrayList<String>();
        page.body().path("items").forEach(item -> out.add(item.path("id").asString()));
        return out;
    }

    private long rows(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }

    /** A multipart/form-data POST /routes/import with the file and plain form fields. */
    private Api.Response upload(Person person, String filename, byte[] file, Map<String, String> fields)
            throws Exception {
        String boundary = "----strideline" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/gpx+xml\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String text = utf8(body.toByteArray());
        if (text != null) {
            // a text file goes through Api, so that the answer is checked against the document
            return person.api()
                    .send("POST", "/api/v1/routes/import", text, "multipart/form-data; boundary=" + boundary, false);
        }
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/routes/import"))
                        .header("Authorization", "Bearer " + person.accessToken())
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Accept", "application/json, application/problem+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var json = response.body().length == 0 ? JSON.missingNode() : parse(response.body());
        return new Api.Response(response.statusCode(), json, response);
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException binary) {
            return null;
        }
    }

    private static tools.jackson.databind.JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JSON.missingNode();
        }
    }

    /** A 422 naming only {@code field}, whose message lists the wire values. */
    private static void rejectsValue(io.strideline.Api.Response answer, String field, String values) {
        answer.problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly(field);
        assertThat(answer.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of " + values);
    }
}
