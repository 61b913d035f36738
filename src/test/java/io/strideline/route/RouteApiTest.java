package io.strideline.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.DateTime;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.RecordMesg;
import io.strideline.Api;
import io.strideline.ApiTest;
import io.strideline.track.Geodesy;
import io.strideline.track.TrackFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class RouteApiTest extends ApiTest {

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
    void gpxFilesAsAppsWriteThemAreRoutesToo() throws Exception {
        var ann = register();
        String points = "<trk><trkseg><trkpt lat=\"46.5\" lon=\"7.5\"><ele>600</ele></trkpt>"
                + "<trkpt lat=\"46.51\" lon=\"7.5\"><ele>640</ele></trkpt></trkseg></trk>";
        var files = new LinkedHashMap<String, byte[]>();
        files.put(
                "stylesheet",
                ("<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"gpx.xsl\"?>\n"
                                + "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\">" + points
                                + "</gpx>")
                        .getBytes(StandardCharsets.UTF_8));
        files.put(
                "no version",
                ("<gpx creator=\"an app\" xmlns=\"http://www.topografix.com/GPX/1/1\">" + points + "</gpx>")
                        .getBytes(StandardCharsets.UTF_8));
        var bom = new ByteArrayOutputStream();
        bom.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        bom.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><gpx version=\"1.1\" "
                        + "xmlns=\"http://www.topografix.com/GPX/1/1\">" + points + "</gpx>")
                .getBytes(StandardCharsets.UTF_8));
        files.put("byte order mark", bom.toByteArray());
        files.put(
                "odd namespace",
                ("<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1/\">" + points + "</gpx>")
                        .getBytes(StandardCharsets.UTF_8));
        files.put(
                "prefixed",
                ("<g:gpx xmlns:g=\"urn:some-app:gpx\">"
                                + points.replace("<", "<g:").replace("<g:/", "</g:") + "</g:gpx>")
                        .getBytes(StandardCharsets.UTF_8));
        files.put("no namespace", ("<gpx>" + points + "</gpx>").getBytes(StandardCharsets.UTF_8));
        for (var file : files.entrySet()) {
            var route = upload(ann, "walk.gpx", file.getValue(), Map.of()).expect(201);
            assertThat(route.body().path("point_count").asInt())
                    .as(file.getKey())
                    .isEqualTo(2);
            assertThat(route.body().path("distance_meters").asDouble())
                    .as(file.getKey())
                    .isCloseTo(Geodesy.distance(46.5, 7.5, 46.51, 7.5), within(1e-6));
            assertThat(route.body().path("elevation_gain_meters").asDouble())
                    .as(file.getKey())
                    .isGreaterThan(0);
            assertThat(route.str("name")).as(file.getKey()).isEqualTo("walk");
        }
    }

    @Test
    void tcxAndFitFilesAreRoutesButNotWithoutPositions() throws Exception {
        var ann = register();
        Instant start = Instant.parse("2025-06-01T08:00:00Z");
        var tcx = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
                  <Activities><Activity Sport="Running"><Id>2025-06-01T08:00:00Z</Id>
                    <Lap StartTime="2025-06-01T08:00:00Z"><Track>
                """);
        var indoor = new StringBuilder(tcx);
        for (int i = 0; i < 5; i++) {
            String time = start.plusSeconds(10L * i).toString();
            tcx.append("<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%s</LatitudeDegrees>"
                            .formatted(time, 45.0 + i * 0.001)
                    + "<LongitudeDegrees>6.0</LongitudeDegrees></Position></Trackpoint>\n");
            indoor.append("<Trackpoint><Time>%s</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>\n"
                    .formatted(time));
        }
        String end = "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
        var fromTcx = upload(ann, "Morning.tcx", (tcx + end).getBytes(StandardCharsets.UTF_8), Map.of())
                .expect(201);
        assertThat(fromTcx.str("name")).isEqualTo("Morning");
        assertThat(fromTcx.str("source")).isEqualTo("gpx");
        assertThat(fromTcx.body().path("point_count").asInt()).isEqualTo(5);
        assertThat(fromTcx.body().path("distance_meters").asDouble())
                .isCloseTo(Geodesy.distance(45.0, 6.0, 45.004, 6.0), within(0.01));

        var fromFit = upload(ann, "ride.fit", fit(start, 5, true), Map.of("name", "Ride"))
                .expect(201);
        assertThat(fromFit.str("name")).isEqualTo("Ride");
        assertThat(fromFit.body().path("point_count").asInt()).isEqualTo(5);

        saysInPlainWords(upload(ann, "pool.tcx", (indoor + end).getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file"));
        saysInPlainWords(
                upload(ann, "trainer.fit", fit(start, 5, false), Map.of()).problem(422, "invalid_file"));
        assertThat(rows("select count(*) from routes where user_id = ?", ann.id()))
                .isEqualTo(2);
    }

    @Test
    void aLongRecordingIsMeasuredWholeAndKeptThinned() throws Exception {
        var ann = register();
        int n = 60_000; // more than a route keeps
        var gpx = new StringBuilder("<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>");
        double length = 0;
        for (int i = 0; i < n; i++) {
            // a zigzag: thinning cuts its corners, so only the whole file has this length
            double lat = 40 + i * 1e-5;
            double lon = 5 + (i % 2) * 1e-5;
            gpx.append("<trkpt lat=\"")
                    .append(lat)
                    .append("\" lon=\"")
                    .append(lon)
                    .append("\"/>");
            if (i > 0) {
                length += Geodesy.distance(40 + (i - 1) * 1e-5, 5 + ((i - 1) % 2) * 1e-5, lat, lon);
            }
        }
        gpx.append("</trkseg></trk></gpx>");
        var route = upload(ann, "long.gpx.gz", gzip(gpx.toString().getBytes(StandardCharsets.UTF_8)), Map.of())
                .expect(201);
        assertThat(route.str("name")).isEqualTo("long");
        assertThat(route.body().path("point_count").asInt()).isEqualTo(RouteService.MAX_POINTS);
        assertThat(route.body().path("distance_meters").asDouble()).isCloseTo(length, within(0.01));
    }

    @Test
    void aRouteFromAnActivityHasTheActivitysDistanceClimbAndDifficulty() throws Exception {
        var ann = register();
        // the device's summary (Strideline's own GPX extension) says more than the points do: the
        // activity shows the device's numbers, and so must a route saved from it
        Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var gpx = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
                     xmlns:sl="https://strideline.io/xmlschemas/DeviceSummary/v1">
                  <trk><name>Hill repeats</name><type>running</type>
                    <extensions><sl:summary distance_m="2000" ascent_m="900" descent_m="850"/></extensions>
                    <trkseg>
                """);
        double[] lat = new double[30];
        double[] lon = new double[30];
        for (int i = 0; i < 30; i++) {
            lat[i] = 47.2 + i * 4e-4;
            lon[i] = 8.3;
            gpx.append("<trkpt lat=\"%s\" lon=\"%s\"><ele>%d</ele><time>%s</time></trkpt>\n"
                    .formatted(lat[i], lon[i], 500 + 3 * i, start.plusSeconds(10L * i)));
        }
        gpx.append("</trkseg></trk></gpx>");
        var activity = upload(
                        ann,
                        "/api/v1/activities/import",
                        "hill.gpx",
                        gpx.toString().getBytes(StandardCharsets.UTF_8))
                .expect(201)
                .body();
        double distance = activity.path("distance_meters").asDouble();
        double gain = activity.path("elevation_gain_meters").asDouble();
        String difficulty = activity.path("analysis").path("difficulty").asString();
        double pointsLength = 0;
        for (int i = 1; i < 30; i++) {
            pointsLength += Geodesy.distance(lat[i - 1], lon[i - 1], lat[i], lon[i]);
        }
        assertThat(distance).as("the device's distance").isEqualTo(2000.0).isNotCloseTo(pointsLength, within(1.0));
        assertThat(gain).as("the device's ascent").isEqualTo(900.0);
        assertThat(difficulty).as("2 km + 900 m / 100 = 11 effort km").isEqualTo("moderate");

        var route = ann.api()
                .post(
                        "/api/v1/routes",
                        Map.of(
                                "name",
                                "Hill",
                                "activity_id",
                                activity.path("id").asString()))
                .expect(201);
        assertThat(route.body().path("distance_meters").asDouble()).isEqualTo(distance);
        assertThat(route.body().path("elevation_gain_meters").asDouble()).isEqualTo(gain);
        assertThat(route.body().path("elevation_loss_meters").asDouble()).isEqualTo(850.0);
        assertThat(route.str("difficulty")).isEqualTo(difficulty);
        assertThat(route.body().path("estimated_duration_seconds").asInt())
                .isEqualTo(RouteMetrics.estimatedSeconds(distance, gain));
        assertThat(route.body().path("point_count").asInt()).isEqualTo(30);

        // the same points as a file are measured by themselves: an easy 1.2 km
        var fromFile = upload(ann, "hill.gpx", gpx.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .expect(201);
        assertThat(fromFile.body().path("distance_meters").asDouble()).isCloseTo(pointsLength, within(1e-6));
        assertThat(fromFile.str("difficulty")).isEqualTo("easy");
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
        // the distance the device stated for the run (5 km), not the 333.6 m of its four points
        double shown = ann.api()
                .get("/api/v1/activities/" + activity)
                .expect(200)
                .body()
                .path("distance_meters")
                .asDouble();
        assertThat(route.body().path("distance_meters").asDouble())
                .isEqualTo(shown)
                .isEqualTo(5000.0);

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
        r.problem(422, "invalid_file");
        assertThat(r.text()).doesNotContain("TOPSECRET");
        saysInPlainWords(r);

        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <gpx><metadata><name>&lol3;</name></metadata></gpx>
                """;
        saysInPlainWords(upload(ann, "lol.gpx", laughs.getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file"));
        saysInPlainWords(
                upload(ann, "bad.gpx", "<gpx><trk><trkseg><trkpt lat=".getBytes(StandardCharsets.UTF_8), Map.of())
                        .problem(422, "invalid_file"));
        upload(ann, "html.gpx", "<html><body/></html>".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(415, "unsupported_file");
        saysInPlainWords(upload(
                        ann,
                        "range.gpx",
                        "<gpx><trk><trkseg><trkpt lat=\"91\" lon=\"1\"/><trkpt lat=\"1\" lon=\"1\"/></trkseg></trk></gpx>"
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of())
                .problem(422, "invalid_file"));
        saysInPlainWords(upload(ann, "empty.gpx", "<gpx/>".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file"));
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
                .isEqualTo(1100); // ~1112 m, answered in steps of 100 m

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
        // through Api: the answer (application/gpx+xml) is checked against the document
        var response =
                register().api().get("/api/v1/routes/" + id + "/export.gpx").expect(200);
        assertThat(response.header("Content-Type")).startsWith("application/gpx+xml");
        assertThat(response.header("Content-Disposition")).contains("Isar-back.gpx");
        String xml = response.text();
        assertThat(xml).contains("version=\"1.1\"").contains("xmlns=\"http://www.topografix.com/GPX/1/1\"");
        var parsed = TrackFiles.read(response.raw().body(), 10);
        assertThat(parsed.name()).isEqualTo("Isar & back");
        assertThat(parsed.track().lat()).containsExactly(48.1, 48.11, 48.12);
        assertThat(parsed.track().lon()).containsExactly(11.5, 11.51, 11.52);
        // a point without elevation takes the one before it, as in every track
        assertThat(parsed.track().ele()).containsExactly(520.0, 520.0, 530.25);
        assertThat(parsed.track().t()).as("a route has no times").isNull();
        // and imported again it is the same route
        var again = upload(ann, "isar.gpx", response.raw().body(), Map.of()).expect(201);
        assertThat(again.str("name")).isEqualTo("Isar & back");
        assertThat(again.body().path("distance_meters").asDouble())
                .isCloseTo(
                        ann.api()
                                .get("/api/v1/routes/" + id)
                                .expect(200)
                                .body()
                                .path("distance_meters")
                                .asDouble(),
                        within(1e-6));
    }

    // --- helpers

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
        return upload(person, "/api/v1/routes/import", filename, file, fields);
    }

    /** A file uploaded as an activity (POST /activities/import takes the same form). */
    private Api.Response upload(Person person, String path, String filename, byte[] file) throws Exception {
        return upload(person, path, filename, file, Map.of());
    }

    private Api.Response upload(Person person, String path, String filename, byte[] file, Map<String, String> fields) {
        return person.api().upload(path, filename, file, fields);
    }

    /** A problem about a file says what is wrong in words, never with a parser's class or exception. */
    private static void saysInPlainWords(Api.Response problem) {
        String detail = problem.body().path("detail").asString();
        assertThat(detail).isNotBlank().doesNotContain("Exception").doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]");
    }

    /** A FIT activity of {@code points} records 10 s apart going north, with or without positions. */
    private static byte[] fit(Instant start, int points, boolean positions) throws IOException {
        var file = Files.createTempFile("strideline-route-", ".fit");
        try {
            var encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
            var id = new FileIdMesg();
            id.setType(com.garmin.fit.File.ACTIVITY);
            id.setManufacturer(Manufacturer.DEVELOPMENT);
            id.setProduct(1);
            id.setSerialNumber(4711L);
            id.setTimeCreated(new DateTime(start));
            encoder.write(id);
            double semicircles = 2147483648.0 / 180.0;
            for (int i = 0; i < points; i++) {
                var record = new RecordMesg();
                record.setTimestamp(new DateTime(start.plusSeconds(10L * i)));
                if (positions) {
                    record.setPositionLat((int) Math.round((45.5 + i * 0.001) * semicircles));
                    record.setPositionLong((int) Math.round(6.5 * semicircles));
                }
                record.setHeartRate((short) 120);
                encoder.write(record);
            }
            encoder.close();
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(content);
        }
        return out.toByteArray();
    }

    /** A 422 naming only {@code field}, whose message lists the wire values. */
    private static void rejectsValue(io.strideline.Api.Response answer, String field, String values) {
        answer.problem(422, "validation_failed");
        assertThat(answer.fields()).containsExactly(field);
        assertThat(answer.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of " + values);
    }
}
