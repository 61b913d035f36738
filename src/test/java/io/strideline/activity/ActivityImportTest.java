package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.Sport;
import io.strideline.ApiTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

class ActivityImportTest extends ApiTest {

    @LocalServerPort
    int serverPort;

    @Autowired
    JdbcClient jdbc;

    private final Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    // --- happy paths per format

    @Test
    void importsGpx11WithStreamsAndAnalysis() {
        var me = register();
        var sample = TrackFixtures.sample(start, 1800, 0);
        var created = upload(me.accessToken(), "run.gpx", TrackFixtures.gpx11(sample, "running"), Map.of())
                .expect(201);

        assertThat(created.body().path("type").asString()).isEqualTo("run");
        assertThat(created.body().path("title").asString()).isEqualTo("Hill loop");
        assertThat(created.body().path("started_at").asString()).isEqualTo(start.toString());
        assertThat(created.body().path("duration_seconds").asInt()).isEqualTo(1799);
        assertThat(created.distance()).isCloseTo(sample.distance(), within(1.0));
        var analysis = created.body().path("analysis");
        assertThat(analysis.path("computed").path("distance_meters").asDouble())
                .isCloseTo(sample.distance(), within(1.0));
        assertThat(analysis.path("computed").path("moving_seconds").asDouble()).isEqualTo(1799.0);
        assertThat(analysis.path("computed").path("elevation_gain_meters").asDouble())
                .isBetween(30.0, 45.0);
        assertThat(analysis.path("computed").path("max_elevation_meters").asDouble())
                .isCloseTo(560, within(1.0));
        assertThat(analysis.path("computed").path("splits").size())
                .isEqualTo((int) Math.ceil(sample.distance() / 1000));
        assertThat(analysis.path("difficulty").asString()).isEqualTo("easy");

        var full = me.api()
                .get("/api/v1/activities/" + created.id() + "?include=streams")
                .expect(200)
                .body();
        assertThat(full.path("analysis")
                        .path("computed")
                        .path("splits")
                        .get(0)
                        .path("distance_meters")
                        .asDouble())
                .isEqualTo(1000.0);
        var streams = full.path("streams");
        assertThat(streams.path("t").size()).isEqualTo(1800);
        assertThat(streams.path("hr").get(5).asInt()).isEqualTo(135);
        assertThat(streams.path("cad").get(3).asInt()).isEqualTo(88);
        assertThat(streams.path("ele").get(0).asDouble()).isCloseTo(520, within(0.1));
    }

    @Test
    void importsGpx10() {
        var me = register();
        var sample = TrackFixtures.sample(start, 600, 0);
        var created = upload(me.accessToken(), "old.gpx", TrackFixtures.gpx10(sample), Map.of("type", "walk"))
                .expect(201);
        assertThat(created.body().path("type").asString()).isEqualTo("walk");
        assertThat(created.distance()).isCloseTo(sample.distance(), within(1.0));
    }

    @Test
    void importsTcxWithHeartRateAndCadence() {
        var me = register();
        var sample = TrackFixtures.sample(start, 900, 0);
        var created = upload(
                        me.accessToken(), "ride.tcx", TrackFixtures.tcx(sample, "Biking"), Map.of("name", "Commute"))
                .expect(201);
        assertThat(created.body().path("type").asString()).isEqualTo("ride");
        assertThat(created.body().path("title").asString()).isEqualTo("Commute");
        assertThat(created.distance()).isCloseTo(sample.distance(), within(1.0));
        var streams = me.api()
                .get("/api/v1/activities/" + created.id() + "?include=streams")
                .expect(200)
                .body()
                .path("streams");
        assertThat(streams.path("hr").get(1).asInt()).isEqualTo(131);
        assertThat(streams.path("cad").get(1).asInt()).isEqualTo(86);
    }

    @Test
    void importsTenHourFitFileFromTheFitSdk() {
        var me = register();
        var sample = TrackFixtures.sample(start.minus(1, ChronoUnit.DAYS), 36_000, 0);
        var created = upload(me.accessToken(), "long.fit", TrackFixtures.fit(sample, Sport.HIKING), Map.of())
                .expect(201);
        assertThat(created.body().path("type").asString()).isEqualTo("hike");
        assertThat(created.body().path("duration_seconds").asInt()).isEqualTo(35_999);
        // positions pass through semicircles: about a centimetre per point
        assertThat(created.distance()).isCloseTo(sample.distance(), within(sample.distance() * 0.001));
        assertThat(created.body().path("avg_heart_rate").asInt()).isBetween(140, 160);
        assertThat(created.body().path("analysis").path("difficulty").asString())
                .isEqualTo("hard");
        var streams = me.api()
                .get("/api/v1/activities/" + created.id() + "?include=streams")
                .expect(200)
                .body()
                .path("streams");
        assertThat(streams.path("lat").size()).isEqualTo(36_000);
        assertThat(streams.path("cad").get(2).asInt()).isEqualTo(87);
        var stats = me.api().get("/api/v1/stats?type=hike").expect(200).body();
        assertThat(stats.path("totals").path("activities").asLong()).isEqualTo(1);
    }

    @Test
    void importsGzippedFiles() {
        var me = register();
        var sample = TrackFixtures.sample(start, 300, 0);
        upload(me.accessToken(), "a.fit.gz", TrackFixtures.gzip(TrackFixtures.fit(sample, Sport.RUNNING)), Map.of())
                .expect(201);
        var other = TrackFixtures.sample(start.minusSeconds(3600), 300, 0.01);
        upload(me.accessToken(), "b.gpx.gz", TrackFixtures.gzip(TrackFixtures.gpx11(other, "run")), Map.of())
                .expect(201);
        upload(me.accessToken(), "c.tcx.gz", TrackFixtures.gzip(TrackFixtures.tcx(other, "Running")), Map.of())
                .expect(201);
        assertThat(count(me.id())).isEqualTo(3);
    }

    // --- duplicates

    @Test
    void sameFileTwiceMakesOneActivity() {
        var me = register();
        byte[] file = TrackFixtures.gpx11(TrackFixtures.sample(start, 300, 0), "run");
        UUID id = upload(me.accessToken(), "a.gpx", file, Map.of()).expect(201).id();
        assertThat(upload(me.accessToken(), "again.gpx", file, Map.of())
                        .expect(200)
                        .id())
                .isEqualTo(id);
        // the same content gzipped is the same file
        assertThat(upload(me.accessToken(), "a.gpx.gz", TrackFixtures.gzip(file), Map.of())
                        .expect(200)
                        .id())
                .isEqualTo(id);
        assertThat(count(me.id())).isEqualTo(1);
        var stats = me.api().get("/api/v1/stats").expect(200).body();
        assertThat(stats.path("totals").path("activities").asLong()).isEqualTo(1);
        // another person importing the same file gets an activity of their own
        upload(register().accessToken(), "a.gpx", file, Map.of()).expect(201);
    }

    @Test
    void sameExternalIdTwiceMakesOneActivity() {
        var me = register();
        UUID id = upload(
                        me.accessToken(),
                        "a.gpx",
                        TrackFixtures.gpx11(TrackFixtures.sample(start, 300, 0), "run"),
                        Map.of("external_id", "garmin-123"))
                .expect(201)
                .id();
        var again = upload(
                        me.accessToken(),
                        "b.gpx",
                        TrackFixtures.gpx11(TrackFixtures.sample(start, 400, 0.02), "run"),
                        Map.of("external_id", "garmin-123"))
                .expect(200);
        assertThat(again.id()).isEqualTo(id);
        assertThat(count(me.id())).isEqualTo(1);
    }

    @Test
    void rejectsBadParameters() {
        var me = register();
        byte[] file = TrackFixtures.gpx11(TrackFixtures.sample(start, 10, 0), "run");
        var tooLong = upload(me.accessToken(), "a.gpx", file, Map.of("external_id", "x".repeat(129)))
                .problem(422, "validation_failed");
        assertThat(tooLong.body().path("errors").findValuesAsString("field")).containsExactly("external_id");
        var flying = upload(me.accessToken(), "a.gpx", file, Map.of("type", "flying"))
                .problem(422, "validation_failed");
        assertThat(flying.body().path("errors").findValuesAsString("field")).containsExactly("type");
        assertThat(flying.body().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of run, walk, hike, ride, workout, swim, multisport, other");
        assertThat(count(me.id())).isZero();
    }

    // --- hostile and broken files: 4xx, nothing stored

    @Test
    void doesNotResolveExternalEntities() {
        var me = register();
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">
                  <trk><name>&xxe;</name><trkseg>
                    <trkpt lat="48.1" lon="11.5"><time>2024-01-01T10:00:00Z</time></trkpt>
                    <trkpt lat="48.2" lon="11.5"><time>2024-01-01T10:10:00Z</time></trkpt>
                  </trkseg></trk></gpx>
                """;
        var answer = upload(me.accessToken(), "xxe.gpx", xxe.getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file");
        assertThat(new String(answer.raw(), StandardCharsets.UTF_8)).doesNotContain("root:");
        String external = """
                <?xml version="1.0"?>
                <!DOCTYPE TrainingCenterDatabase SYSTEM "file:///etc/passwd">
                <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"/>
                """;
        upload(me.accessToken(), "xxe.tcx", external.getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file");
        assertThat(count(me.id())).isZero();
    }

    @Test
    void rejectsBillionLaughs() {
        var me = register();
        var bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"");
            bomb.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">\n");
        }
        bomb.append("]>\n<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>&lol9;</name>"
                + "</trk></gpx>");
        upload(me.accessToken(), "lol.gpx", bomb.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file");
    }

    @Test
    void rejectsMalformedXml() {
        var me = register();
        upload(me.accessToken(), "bad.gpx", "<gpx><trk><trkseg><trkpt lat=".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file");
        var sample = TrackFixtures.sample(start, 50, 0);
        byte[] tcx = TrackFixtures.tcx(sample, "Running");
        upload(me.accessToken(), "cut.tcx", Arrays.copyOf(tcx, tcx.length / 2), Map.of())
                .problem(422, "invalid_file");
        assertThat(count(me.id())).isZero();
    }

    @Test
    void rejectsTruncatedFit() {
        var me = register();
        byte[] fit = TrackFixtures.fit(TrackFixtures.sample(start, 200, 0), Sport.RUNNING);
        upload(me.accessToken(), "cut.fit", Arrays.copyOf(fit, fit.length - 100), Map.of())
                .problem(422, "invalid_file");
        byte[] flipped = fit.clone();
        flipped[fit.length / 2] ^= 0x55;
        upload(me.accessToken(), "flipped.fit", flipped, Map.of()).problem(422, "invalid_file");
        assertThat(count(me.id())).isZero();
    }

    @Test
    void rejectsZipBomb() {
        var me = register();
        upload(me.accessToken(), "bomb.gpx.gz", TrackFixtures.zipBomb(210L << 20), Map.of())
                .problem(413, "payload_too_large");
        assertThat(count(me.id())).isZero();
    }

    @Test
    void rejectsCorruptGzip() {
        var me = register();
        byte[] gz = TrackFixtures.gzip(TrackFixtures.gpx11(TrackFixtures.sample(start, 100, 0), "run"));
        upload(me.accessToken(), "cut.gpx.gz", Arrays.copyOf(gz, gz.length / 2), Map.of())
                .problem(422, "invalid_file");
    }

    @Test
    void rejectsGpxWithoutPoints() {
        var me = register();
        String empty = """
                <?xml version="1.0"?>
                <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg/></trk></gpx>
                """;
        upload(me.accessToken(), "empty.gpx", empty.getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(422, "invalid_file");
    }

    @Test
    void rejectsAbsurdCoordinates() {
        var me = register();
        var sample = TrackFixtures.sample(start, 20, 0);
        sample.lat()[7] = 200;
        upload(me.accessToken(), "far.tcx", TrackFixtures.tcx(sample, "Running"), Map.of())
                .problem(422, "invalid_file");
        upload(me.accessToken(), "far.gpx", TrackFixtures.gpx11(sample, "run"), Map.of())
                .problem(422, "invalid_file");
        assertThat(count(me.id())).isZero();
    }

    @Test
    void rejectsTracksInTheFuture() {
        var me = register();
        var sample = TrackFixtures.sample(Instant.now().plus(1, ChronoUnit.DAYS), 20, 0);
        upload(me.accessToken(), "future.gpx", TrackFixtures.gpx11(sample, "run"), Map.of())
                .problem(422, "invalid_file");
    }

    @Test
    void rejectsUnsupportedFiles() {
        var me = register();
        upload(me.accessToken(), "photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}, Map.of())
                .problem(415, "unsupported_file");
        upload(me.accessToken(), "doc.xml", "<html><body/></html>".getBytes(StandardCharsets.UTF_8), Map.of())
                .problem(415, "unsupported_file");
    }

    @Test
    void rejectsFilesOverTwentyFiveMegabytes() {
        var me = register();
        byte[] big = new byte[(25 << 20) + 1];
        Arrays.fill(big, (byte) ' ');
        var answer = upload(me.accessToken(), "big.gpx", big, Map.of());
        assertThat(answer.status()).isEqualTo(413);
    }

    @Test
    void needsAUserToken() {
        byte[] file = TrackFixtures.gpx11(TrackFixtures.sample(start, 10, 0), "run");
        assertThat(upload(null, "a.gpx", file, Map.of()).status()).isEqualTo(401);
        var device = pair(register());
        assertThat(upload(device.token(), "a.gpx", file, Map.of()).status()).isEqualTo(401);
    }

    // --- export

    @Test
    void exportedGpxReimportsToTheSameDistance() {
        var me = register();
        var sample = TrackFixtures.sample(start, 3600, 0);
        var original = upload(
                        me.accessToken(), "orig.fit", TrackFixtures.fit(sample, Sport.RUNNING), Map.of("name", "Tempo"))
                .expect(201);

        var exported = get(me.accessToken(), "/api/v1/activities/" + original.id() + "/export.gpx")
                .expect(200);
        assertThat(exported.contentType()).startsWith("application/gpx+xml");
        String gpx = new String(exported.raw(), StandardCharsets.UTF_8);
        assertThat(gpx)
                .contains("http://www.topografix.com/GPX/1/1")
                .contains("<trkpt")
                .contains("<ele>");

        var again = upload(me.accessToken(), "export.gpx", exported.raw(), Map.of("external_id", "reimport"))
                .expect(201);
        assertThat(again.id()).isNotEqualTo(original.id());
        assertThat(again.distance()).isCloseTo(original.distance(), within(original.distance() * 0.001));
        assertThat(again.body().path("started_at").asString())
                .isEqualTo(original.body().path("started_at").asString());
        assertThat(again.body().path("title").asString()).isEqualTo("Tempo");
        assertThat(again.body().path("avg_heart_rate").asInt())
                .isEqualTo(original.body().path("avg_heart_rate").asInt());
    }

    @Test
    void exportIsOnlyForTheOwnerAndNeedsATrack() {
        var me = register();
        UUID id = upload(
                        me.accessToken(),
                        "a.gpx",
                        TrackFixtures.gpx11(TrackFixtures.sample(start, 10, 0), "run"),
                        Map.of())
                .expect(201)
                .id();
        get(register().accessToken(), "/api/v1/activities/" + id + "/export.gpx")
                .problem(404, "not_found");
        get(me.accessToken(), "/api/v1/activities/" + UUID.randomUUID() + "/export.gpx")
                .problem(404, "not_found");
        assertThat(get(null, "/api/v1/activities/" + id + "/export.gpx").status())
                .isEqualTo(401);

        UUID trackless = pair(me).api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), start))
                .expect(201)
                .id();
        get(me.accessToken(), "/api/v1/activities/" + trackless + "/export.gpx").problem(409, "no_track");
    }

    @Test
    void deviceRunsWithATrackGetAnAnalysis() {
        var me = register();
        var sample = TrackFixtures.sample(start, 600, 0);
        var body = new LinkedHashMap<>(run(UUID.randomUUID(), start));
        body.put("ended_at", start.plusSeconds(599).toString());
        body.put("duration_seconds", 599);
        body.put("distance_meters", 2000.0);
        body.put("track", Map.of("t", sample.t(), "lat", sample.lat(), "lon", sample.lon(), "ele", sample.ele()));
        UUID id = pair(me).api().post("/api/v1/device/runs", body).expect(201).id();
        var analysis =
                me.api().get("/api/v1/activities/" + id).expect(200).body().path("analysis");
        assertThat(analysis.path("computed").path("distance_meters").asDouble())
                .isCloseTo(sample.distance(), within(0.2));
        assertThat(analysis.path("computed").path("splits").size())
                .isEqualTo((int) Math.ceil(sample.distance() / 1000));
    }

    @Test
    void openApiShowsTheFileField() {
        var docs = api.get("/v3/api-docs").expect(200).body();
        var schema = docs.path("paths")
                .path("/api/v1/activities/import")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("multipart/form-data")
                .path("schema");
        assertThat(schema.path("$ref").asString()).isEqualTo("#/components/schemas/ActivityImportForm");
        var form = docs.path("components").path("schemas").path("ActivityImportForm");
        assertThat(form.path("properties").path("file").toString()).contains("binary");
        assertThat(form.path("required").toString()).contains("\"file\"");
        assertThat(form.path("properties").path("type").path("enum").toString()).contains("\"hike\"");
    }

    // --- helpers

    private long count(UUID userId) {
        return jdbc.sql("select count(*) from activities where user_id = ?")
                .param(userId)
                .query(Long.class)
                .single();
    }

    private FileUploads.Answer upload(String token, String filename, byte[] file, Map<String, String> fields) {
        return new FileUploads(api).upload(token, filename, file, fields);
    }

    private FileUploads.Answer get(String token, String path) {
        return new FileUploads(api).get(token, path);
    }
}
