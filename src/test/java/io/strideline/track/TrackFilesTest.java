package io.strideline.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.BufferEncoder;
import com.garmin.fit.DateTime;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.EventType;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.LapMesg;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import io.strideline.platform.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import net.sf.geographiclib.Geodesic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

/**
 * Reading GPX, TCX and FIT files as devices and apps really write them (odd headers, namespaces,
 * pauses, laps, sessions, files without positions), and refusing the rest with a 422 that says
 * what is wrong in plain words.
 */
class TrackFilesTest {

    private static final Instant T0 = Instant.parse("2025-05-04T07:30:00Z");
    private static final int MAX = 100_000;

    /** The point {@code i} of a jog heading north-east, ~4 m apart, one every 2 s. */
    private static double lat(int i) {
        return 47.3700 + i * 2.5e-5;
    }

    private static double lon(int i) {
        return 8.5400 + i * 2.5e-5;
    }

    private static double ele(int i) {
        return 410 + i * 0.25;
    }

    private static Instant time(int i) {
        return T0.plusSeconds(2L * i);
    }

    /** Geodesic length of the points {@code from..to} (inclusive) straight from GeographicLib. */
    private static double length(double[] lat, double[] lon, int from, int to) {
        double sum = 0;
        for (int i = from + 1; i <= to; i++) {
            sum += Geodesic.WGS84.Inverse(lat[i - 1], lon[i - 1], lat[i], lon[i]).s12;
        }
        return sum;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The refusal of every unreadable file: 422 invalid_file, plain words, no class names. */
    private static ApiException invalid(byte[] content) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> TrackFiles.read(content, MAX));
        assertThat(e).as("an ApiException").isNotNull();
        assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(e.code()).isEqualTo("invalid_file");
        assertPlain(e.getMessage());
        return e;
    }

    private static void assertPlain(String message) {
        assertThat(message)
                .doesNotMatch("(?s).*[a-z]+\\.[a-z]+\\.[A-Z].*")
                .doesNotContain("Exception")
                .doesNotContain("null")
                .doesNotContain("\n");
    }

    @Nested
    class Gpx {

        private static String points(int from, int to) {
            var out = new StringBuilder();
            for (int i = from; i < to; i++) {
                out.append(String.format(
                        Locale.ROOT,
                        "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.2f</ele><time>%s</time></trkpt>%n",
                        lat(i),
                        lon(i),
                        ele(i),
                        time(i)));
            }
            return out.toString();
        }

        private static String gpx11(String body) {
            return """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                    %s</gpx>
                    """.formatted(body);
        }

        private static void hasTheFivePoints(Recording r) {
            assertThat(r.format()).isEqualTo(TrackFormat.GPX);
            Track track = r.track();
            assertThat(track.size()).isEqualTo(5);
            assertThat(track.lat())
                    .containsExactly(new double[] {lat(0), lat(1), lat(2), lat(3), lat(4)}, within(1e-7));
            assertThat(track.lon())
                    .containsExactly(new double[] {lon(0), lon(1), lon(2), lon(3), lon(4)}, within(1e-7));
            assertThat(track.ele())
                    .containsExactly(new double[] {ele(0), ele(1), ele(2), ele(3), ele(4)}, within(1e-9));
            assertThat(track.t()).containsExactly(0, 2, 4, 6, 8);
            assertThat(r.start()).isEqualTo(T0);
            assertThat(track.breaks()).isEmpty();
        }

        @Test
        void aStylesheetProcessingInstructionIsNoObstacle() {
            var r = TrackFiles.read(utf8("""
                            <?xml version="1.0" encoding="UTF-8"?>
                            <?xml-stylesheet href="x.xsl" type="text/xsl"?>
                            <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                            <trk><name>Styled</name><trkseg>%s</trkseg></trk></gpx>
                            """.formatted(points(0, 5))), MAX);
            hasTheFivePoints(r);
            assertThat(r.name()).isEqualTo("Styled");
        }

        @Test
        void aMissingVersionAttributeIsNoObstacle() {
            var r = TrackFiles.read(utf8("""
                            <?xml version="1.0"?>
                            <gpx creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                            <trk><trkseg>%s</trkseg></trk></gpx>
                            """.formatted(points(0, 5))), MAX);
            hasTheFivePoints(r);
        }

        @Test
        void aUtf8ByteOrderMarkIsNoObstacle() {
            byte[] body =
                    utf8(gpx11("<trk><name>Zürich – Üetliberg</name><trkseg>" + points(0, 5) + "</trkseg></trk>"));
            byte[] withBom = new byte[body.length + 3];
            withBom[0] = (byte) 0xef;
            withBom[1] = (byte) 0xbb;
            withBom[2] = (byte) 0xbf;
            System.arraycopy(body, 0, withBom, 3, body.length);
            var r = TrackFiles.read(withBom, MAX);
            hasTheFivePoints(r);
            assertThat(r.name()).isEqualTo("Zürich – Üetliberg");
        }

        @Test
        void noNamespaceAtAll() {
            var r = TrackFiles.read(
                    utf8("<gpx version=\"1.1\"><trk><trkseg>" + points(0, 5) + "</trkseg></trk></gpx>"), MAX);
            hasTheFivePoints(r);
        }

        @Test
        void theGpx10NamespaceWithAPrefix() {
            String body = points(0, 5)
                    .replace("<trkpt", "<g:trkpt")
                    .replace("</trkpt>", "</g:trkpt>")
                    .replace("<ele>", "<g:ele>")
                    .replace("</ele>", "</g:ele>")
                    .replace("<time>", "<g:time>")
                    .replace("</time>", "</g:time>");
            var r = TrackFiles.read(utf8("""
                            <?xml version="1.0" encoding="UTF-8"?>
                            <g:gpx version="1.0" creator="old" xmlns:g="http://www.topografix.com/GPX/1/0">
                            <g:trk><g:name>Old</g:name><g:trkseg>%s</g:trkseg></g:trk></g:gpx>
                            """.formatted(body)), MAX);
            hasTheFivePoints(r);
            assertThat(r.name()).isEqualTo("Old");
        }

        @Test
        void aMadeUpNamespaceAndExtensionsUnderAnyPrefix() {
            var body = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                body.append(String.format(
                        Locale.ROOT,
                        "<x:trkpt lat=\"%.7f\" lon=\"%.7f\"><x:ele>%.2f</x:ele><x:time>%s</x:time>"
                                + "<x:extensions><tp:TrackPointExtension><tp:hr>%d</tp:hr><tp:cad>%d</tp:cad>"
                                + "</tp:TrackPointExtension><pw:PowerInWatts>%d</pw:PowerInWatts></x:extensions>"
                                + "</x:trkpt>",
                        lat(i),
                        lon(i),
                        ele(i),
                        time(i),
                        140 + i,
                        80 + i,
                        200 + i));
            }
            var r = TrackFiles.read(utf8("""
                            <x:gpx xmlns:x="urn:example:not-gpx" xmlns:tp="urn:example:tpx" xmlns:pw="urn:example:pwr">
                            <x:trk><x:trkseg>%s</x:trkseg></x:trk></x:gpx>
                            """.formatted(body)), MAX);
            hasTheFivePoints(r);
            assertThat(r.track().hr()).containsExactly(140, 141, 142, 143, 144);
            assertThat(r.track().cad()).containsExactly(80, 81, 82, 83, 84);
            assertThat(r.track().power()).containsExactly(200, 201, 202, 203, 204);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "<!DOCTYPE gpx>",
                    "<!DOCTYPE gpx SYSTEM \"http://example.invalid/gpx.dtd\">",
                    "<!DOCTYPE gpx [<!ENTITY who \"me\">]>",
                    "<!DOCTYPE gpx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                    "<!DOCTYPE gpx [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                })
        void aDoctypeOrEntitiesAreRefused(String doctype) {
            String gpx = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    %s
                    <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
                    <metadata><name>&amp;%s</name></metadata>
                    <trk><trkseg>%s</trkseg></trk></gpx>
                    """.formatted(
                    doctype, doctype.contains("xxe") ? "&xxe;" : doctype.contains("&b;") ? "&c;" : "", points(0, 5));
            var e = invalid(utf8(gpx));
            assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("root:");
        }

        @Test
        void anEntityReferenceWithoutADoctypeIsRefused() {
            var e = invalid(utf8(
                    gpx11("<metadata><name>&who;</name></metadata><trk><trkseg>" + points(0, 5) + "</trkseg></trk>")));
            assertThat(e.getMessage()).startsWith("The GPX file cannot be read:");
        }

        @Test
        void malformedXmlSaysWhereInPlainWords() {
            // line 3: a point that is never closed before its segment ends
            String gpx = "<?xml version=\"1.0\"?>\n"
                    + "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\n"
                    + "<trkpt lat=\"47.37\" lon=\"8.54\"><ele>410</ele>\n"
                    + "</trkseg></trk></gpx>\n";
            var e = invalid(utf8(gpx));
            assertThat(e.getMessage())
                    .startsWith("The GPX file cannot be read: it is not well-formed XML")
                    .containsPattern("line 4, column \\d+");
        }

        @Test
        void malformedXmlBeforeTheRootElementSaysWhereToo() {
            var e = invalid(utf8("<?xml version=\"1.0\"?>\n\n<gpx version=\"1.1\" creator=>\n</gpx>"));
            assertThat(e.getMessage()).containsPattern("line 3, column \\d+");
        }

        @Test
        void aFileCutOffInTheMiddleIsMalformed() {
            String whole = gpx11("<trk><trkseg>" + points(0, 50) + "</trkseg></trk>");
            var e = invalid(utf8(whole.substring(0, whole.length() / 2)));
            assertThat(e.getMessage()).contains("not well-formed XML");
        }

        @Test
        void aPointWithoutLatitudeIsNamed() {
            String body = points(0, 5).replaceFirst("lat=\"[0-9.]+\" (lon=\"[0-9.]+\"><ele>410.50)", "$1");
            assertThat(body).as("the third point lost its lat").contains("<trkpt lon=");
            var e = invalid(utf8(gpx11("<trk><trkseg>" + body + "</trkseg></trk>")));
            assertThat(e.getMessage()).contains("no lat attribute");
        }

        @Test
        void aPointOutOfRangeIsNamedByItsNumber() {
            String body = points(0, 5).replace(String.format(Locale.ROOT, "lat=\"%.7f\"", lat(3)), "lat=\"97.5\"");
            var e = invalid(utf8(gpx11("<trk><trkseg>" + body + "</trkseg></trk>")));
            assertThat(e.getMessage()).contains("point 3").contains("out of range");
        }

        @Test
        void segmentsArePartsWithoutDistanceOrTimeBetweenThem() {
            // three segments, each after a jump of ~1 km and a gap of 10 minutes
            String gpx = gpx11("<trk><trkseg>" + points(0, 6) + "</trkseg><trkseg>" + points(300, 304)
                    + "</trkseg><trkseg>" + points(600, 607) + "</trkseg></trk>");
            var r = TrackFiles.read(utf8(gpx), MAX);
            Track track = r.track();
            assertThat(track.size()).isEqualTo(17);
            assertThat(track.breaks()).containsExactly(6, 10);
            assertThat(track.continues(6)).isFalse();
            assertThat(track.continues(7)).isTrue();

            double[] lat = Objects.requireNonNull(track.lat());
            double[] lon = Objects.requireNonNull(track.lon());
            // as gpxpy's length_2d: the sum of the segments' lengths
            double segments = length(lat, lon, 0, 5) + length(lat, lon, 6, 9) + length(lat, lon, 10, 16);
            assertThat(segments).as("about 4 m a step, 14 steps").isBetween(40.0, 70.0);
            var analysis = TrackAnalysis.analyze(track);
            assertThat(analysis.distanceMeters()).isCloseTo(segments, within(0.05));
            assertThat(Geodesy.cumulative(track)[16]).isCloseTo(segments, within(1e-6));
            assertThat(analysis.parts()).isEqualTo(3);
            assertThat(analysis.timerSeconds()).isEqualTo(2.0 * (5 + 3 + 6));
            assertThat(analysis.elapsedSeconds()).isEqualTo(2.0 * 606);
            assertThat(r.legs()).singleElement().satisfies(leg -> {
                assertThat(leg.from()).isZero();
                assertThat(leg.to()).isEqualTo(17);
            });
        }

        @Test
        void theRealMultitrackFileMatchesGpxpy() throws Exception {
            // MapSource: three tracks; gpxpy 1.5.0 measures 1745.96 m (no distance across them), 1331 s moving
            var r = TrackFiles.read(
                    Files.readAllBytes(Path.of("src/test/resources/real-activities/togeojson-multitrackgpx.gpx")), MAX);
            assertThat(r.track().size()).isEqualTo(117);
            assertThat(r.track().breaks()).hasSize(2);
            var analysis = TrackAnalysis.analyze(r.track());
            // gpxpy sums haversine distances: within 0.2 % of the ellipsoid's
            assertThat(analysis.distanceMeters()).isCloseTo(1745.96, within(1745.96 * 0.002));
            assertThat(analysis.movingSeconds()).isCloseTo(1331.0, within(1331.0 * 0.01));
        }

        @Test
        void anUntimedTrackBeforeTimedOnesIsNoLegAndShiftsNoLeg() throws Exception {
            // GPSBabel (gpxpy's test file): an empty track typed "jkljkl", 358 untimed points typed
            // "...", then two timed tracks without a type (176 and 337 points). The untimed points
            // are dropped; the legs were once counted before that (0..358 and 358..534 of 513
            // points), so the file was multisport and its export failed past the track's end.
            var r = TrackFiles.read(
                    Files.readAllBytes(Path.of("src/test/resources/real-activities/korita-zbevnica.gpx")), MAX);
            assertThat(r.track().size()).isEqualTo(176 + 337);
            assertThat(r.track().breaks()).containsExactly(176);
            assertThat(r.multisport()).isFalse();
            assertThat(r.legs()).singleElement().satisfies(leg -> {
                assertThat(leg.sport()).isNull();
                assertThat(leg.from()).isZero();
                assertThat(leg.to()).isEqualTo(513);
            });
            assertThat(r.start()).isEqualTo(Instant.parse("2010-10-03T09:36:30Z"));
            // gpxpy 1.5.0 measures the timed points at 6268.55 m (haversine: within 0.2 %)
            assertThat(TrackAnalysis.analyze(r.track()).distanceMeters()).isCloseTo(6268.55, within(6268.55 * 0.002));
        }

        @Test
        void aTrackWhosePointsAreAllDroppedIsNoLeg() {
            // a positioned but untimed first track typed "cycling": its points are dropped, so the
            // two timed running tracks are the whole recording, one leg at the right points
            String untimed = points(0, 4).replaceAll("<time>[^<]*</time>", "");
            String gpx = gpx11("<trk><type>cycling</type><trkseg>" + untimed + "</trkseg></trk>"
                    + "<trk><type>running</type><trkseg>" + points(10, 15) + "</trkseg></trk>"
                    + "<trk><type>running</type><trkseg>" + points(20, 23) + "</trkseg></trk>");
            var r = TrackFiles.read(utf8(gpx), MAX);
            assertThat(r.track().size()).isEqualTo(8);
            assertThat(r.legs()).singleElement().satisfies(leg -> {
                assertThat(leg.sport()).isEqualTo("running");
                assertThat(leg.from()).isZero();
                assertThat(leg.to()).isEqualTo(8);
            });
        }

        @Test
        void tracksOfDifferentTypesAreLegs() {
            String gpx = gpx11("<trk><name>Run</name><type>Running</type><trkseg>" + points(0, 5)
                    + "</trkseg></trk><trk><type>cycling</type><trkseg>" + points(10, 14)
                    + "</trkseg><trkseg>" + points(20, 23) + "</trkseg></trk>");
            var r = TrackFiles.read(utf8(gpx), MAX);
            assertThat(r.multisport()).isTrue();
            assertThat(r.track().size()).isEqualTo(12);
            assertThat(r.track().breaks()).containsExactly(5, 9);
            assertThat(r.legs()).hasSize(2);
            Leg run = r.legs().get(0);
            Leg ride = r.legs().get(1);
            assertThat(run.sport()).isEqualTo("running");
            assertThat(run.from()).isZero();
            assertThat(run.to()).isEqualTo(5);
            assertThat(run.start()).isEqualTo(time(0));
            assertThat(ride.sport()).isEqualTo("cycling");
            assertThat(ride.from()).isEqualTo(5);
            assertThat(ride.to()).isEqualTo(12);
            assertThat(ride.start()).isEqualTo(time(10));
            assertThat(r.device()).as("GPX states no totals").isNull();
        }

        @Test
        void tracksOfOneTypeAreOneLeg() {
            String gpx = gpx11("<trk><type>hiking</type><trkseg>" + points(0, 5)
                    + "</trkseg></trk><trk><type>hiking</type><trkseg>" + points(10, 14) + "</trkseg></trk>");
            var r = TrackFiles.read(utf8(gpx), MAX);
            assertThat(r.multisport()).isFalse();
            assertThat(r.legs()).singleElement().satisfies(leg -> {
                assertThat(leg.sport()).isEqualTo("hiking");
                assertThat(leg.to()).isEqualTo(9);
            });
            assertThat(r.track().breaks()).containsExactly(5);
        }

        @Test
        void aPlannedRouteHasPositionsButNoTimes() {
            var body = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                body.append(String.format(
                        Locale.ROOT,
                        "<rtept lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><name>WP%d</name></rtept>",
                        lat(i * 40),
                        lon(i * 40),
                        ele(i * 40),
                        i));
            }
            var r = TrackFiles.read(
                    utf8(gpx11("<wpt lat=\"1\" lon=\"2\"><name>Not a route point</name></wpt><rte><name>Plan</name>"
                            + body + "</rte>")),
                    MAX);
            Track track = r.track();
            assertThat(track.t()).isNull();
            assertThat(r.start()).isNull();
            assertThat(track.size()).isEqualTo(6);
            assertThat(track.hasPositions()).isTrue();
            assertThat(track.lat())
                    .containsExactly(
                            new double[] {lat(0), lat(40), lat(80), lat(120), lat(160), lat(200)}, within(1e-7));
            assertThat(track.ele()).hasSize(6);
            assertThat(track.hr()).isNull();
            assertThat(track.breaks()).isEmpty();
            assertThat(r.legs()).singleElement().satisfies(leg -> {
                assertThat(leg.start()).isNull();
                assertThat(leg.to()).isEqualTo(6);
            });
            // a route without times: its distance, its climbing, no duration
            var totals = Totals.of(track, null);
            assertThat(totals.computed()).isNull();
            assertThat(totals.durationSeconds()).isZero();
            assertThat(Geodesy.cumulative(track)[5])
                    .isCloseTo(length(track.lat(), Objects.requireNonNull(track.lon()), 0, 5), within(1e-6));
        }

        @Test
        void trackPointsWinOverRoutePoints() {
            String gpx = gpx11("<rte><rtept lat=\"1\" lon=\"1\"/><rtept lat=\"2\" lon=\"2\"/></rte><trk><trkseg>"
                    + points(0, 5) + "</trkseg></trk>");
            hasTheFivePoints(TrackFiles.read(utf8(gpx), MAX));
        }

        @Test
        void aSinglePointIsNoTrack() {
            var e = invalid(utf8(gpx11("<trk><trkseg>" + points(0, 1) + "</trkseg></trk>")));
            assertThat(e.getMessage()).contains("fewer than 2");
        }

        @Test
        void notXmlAtAllIsUnsupported() {
            assertThatThrownBy(() -> TrackFiles.read(utf8("lat,lon\n47.1,8.5\n"), MAX))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                        assertThat(e.code()).isEqualTo("unsupported_file");
                    });
        }
    }

    @Nested
    class Tcx {

        /** A trackpoint; NaN lat for none, NaN odometer for none. */
        private static String point(Instant time, double lat, double lon, double odometer, int hr) {
            var out = new StringBuilder("<Trackpoint><Time>").append(time).append("</Time>");
            if (!Double.isNaN(lat)) {
                out.append(String.format(
                        Locale.ROOT,
                        "<Position><LatitudeDegrees>%.7f</LatitudeDegrees><LongitudeDegrees>%.7f</LongitudeDegrees>"
                                + "</Position><AltitudeMeters>420.0</AltitudeMeters>",
                        lat,
                        lon));
            }
            if (!Double.isNaN(odometer)) {
                out.append(String.format(Locale.ROOT, "<DistanceMeters>%.3f</DistanceMeters>", odometer));
            }
            out.append("<HeartRateBpm><Value>").append(hr).append("</Value></HeartRateBpm>");
            return out.append("<Cadence>88</Cadence></Trackpoint>\n").toString();
        }

        private static String tcx(String sport, String laps) {
            return """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
                    <Activities><Activity Sport="%s"><Id>%s</Id>
                    %s
                    </Activity></Activities></TrainingCenterDatabase>
                    """.formatted(sport, T0, laps);
        }

        private static String lap(Instant start, double seconds, double meters, int avgHr, String tracks) {
            return String.format(Locale.ROOT, """
                    <Lap StartTime="%s"><TotalTimeSeconds>%.1f</TotalTimeSeconds><DistanceMeters>%.1f</DistanceMeters>
                    <MaximumSpeed>5.5</MaximumSpeed><Calories>40</Calories>
                    <AverageHeartRateBpm><Value>%d</Value></AverageHeartRateBpm>
                    <MaximumHeartRateBpm><Value>175</Value></MaximumHeartRateBpm>
                    <Intensity>Active</Intensity><TriggerMethod>Distance</TriggerMethod>
                    %s</Lap>
                    """, start, seconds, meters, avgHr, tracks);
        }

        /** Points {@code from..to-1} of the jog in one {@code <Track>}, the device's odometer on. */
        private static String track(int from, int to, double[] odometer) {
            var out = new StringBuilder("<Track>\n");
            for (int i = from; i < to; i++) {
                out.append(point(time(i), lat(i), lon(i), odometer[i], 130 + i % 20));
            }
            return out.append("</Track>\n").toString();
        }

        private static double[] odometer(int n) {
            double[] along = new double[n];
            for (int i = 1; i < n; i++) {
                along[i] = along[i - 1] + Geodesic.WGS84.Inverse(lat(i - 1), lon(i - 1), lat(i), lon(i)).s12;
            }
            return along;
        }

        @Test
        void pointsWithoutAPositionShiftNoActivity() {
            // a run whose first two trackpoints have no fix yet, then a ride: the run's legs are
            // its three positioned points, the ride's the four after them (once counted before the
            // two were dropped: the run took two of the ride's points)
            double[] odo = odometer(20);
            var run = new StringBuilder("<Track>\n");
            run.append(point(time(0), Double.NaN, Double.NaN, Double.NaN, 120));
            run.append(point(time(1), Double.NaN, Double.NaN, Double.NaN, 121));
            for (int i = 2; i < 5; i++) {
                run.append(point(time(i), lat(i), lon(i), odo[i], 130));
            }
            run.append("</Track>\n");
            String tcx = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
                    <Activities><Activity Sport="Running"><Id>%s</Id>%s</Activity>
                    <Activity Sport="Biking"><Id>%s</Id>%s</Activity></Activities></TrainingCenterDatabase>
                    """.formatted(
                            time(0),
                            lap(time(0), 8, odo[4], 125, run.toString()),
                            time(10),
                            lap(time(10), 6, odo[13] - odo[10], 150, track(10, 14, odo)));
            var r = TrackFiles.read(utf8(tcx), MAX);
            assertThat(r.track().size()).isEqualTo(7);
            assertThat(r.legs()).hasSize(2);
            assertThat(r.legs().get(0).sport()).isEqualTo("running");
            assertThat(r.legs().get(0).from()).isZero();
            assertThat(r.legs().get(0).to()).isEqualTo(3);
            assertThat(r.legs().get(1).sport()).isEqualTo("biking");
            assertThat(r.legs().get(1).from()).isEqualTo(3);
            assertThat(r.legs().get(1).to()).isEqualTo(7);
            assertThat(r.legs().get(1).start()).isEqualTo(time(10));
        }

        @Test
        void theLapsTotalsAreTheDevicesSummary() {
            double[] odo = odometer(120);
            // two laps of 60 points (118 s each, plus the step between them), ~210 m each
            String laps = lap(time(0), 119, odo[60], 140, track(0, 60, odo))
                    + lap(time(60), 119, odo[119] - odo[60], 150, track(60, 120, odo));
            var r = TrackFiles.read(utf8(tcx("Biking", laps)), MAX);
            assertThat(r.format()).isEqualTo(TrackFormat.TCX);
            assertThat(r.start()).isEqualTo(T0);
            assertThat(r.track().size()).isEqualTo(120);
            assertThat(r.track().breaks())
                    .as("a new lap's track with the odometer going on")
                    .isEmpty();
            Leg leg = r.legs().getFirst();
            assertThat(r.legs()).hasSize(1);
            assertThat(leg.sport()).isEqualTo("biking");
            DeviceSummary device = Objects.requireNonNull(leg.device());
            assertThat(device.timerSeconds()).isCloseTo(238.0, within(1e-9));
            assertThat(device.distanceMeters()).isCloseTo(odo[119], within(0.1));
            assertThat(device.calories()).isEqualTo(80);
            assertThat(device.maxSpeedKmh()).isCloseTo(19.8, within(1e-9));
            assertThat(device.avgHeartRate())
                    .as("the laps' average heart rate, weighted by time")
                    .isEqualTo(145);
            assertThat(r.device()).isEqualTo(device);

            var totals = Totals.of(r.track(), r.device());
            assertThat(totals.durationSeconds()).isEqualTo(238.0);
            assertThat(totals.distanceMeters()).isCloseTo(odo[119], within(0.1));
        }

        @Test
        void anIndoorFileWithoutPositionsKeepsItsTrackpoints() {
            var points = new StringBuilder("<Track>\n");
            for (int i = 0; i < 30; i++) {
                points.append(point(time(i), Double.NaN, Double.NaN, i * 12.5, 120 + i));
            }
            points.append("</Track>\n");
            var r = TrackFiles.read(utf8(tcx("Biking", lap(T0, 58, 362.5, 134, points.toString()))), MAX);
            Track track = r.track();
            assertThat(track.size()).isEqualTo(30);
            assertThat(track.hasPositions()).isFalse();
            assertThat(track.lat()).isNull();
            assertThat(track.lon()).isNull();
            assertThat(track.t()).hasSize(30).startsWith(0, 2, 4).endsWith(58);
            assertThat(track.hr()).startsWith(120, 121).endsWith(149);
            assertThat(track.cad()).containsOnly(88);
            DeviceSummary device = Objects.requireNonNull(r.device());
            assertThat(device.distanceMeters()).isEqualTo(362.5);
            var totals = Totals.of(track, device);
            assertThat(totals.computed()).isNull();
            assertThat(totals.distanceMeters()).isEqualTo(362.5);
            assertThat(totals.durationSeconds()).isEqualTo(58.0);
        }

        @Test
        void trackpointsWithoutPositionAreDroppedWhereOthersHaveOne() {
            var points = new StringBuilder("<Track>\n");
            for (int i = 0; i < 10; i++) {
                boolean lost = i == 4 || i == 5;
                points.append(point(time(i), lost ? Double.NaN : lat(i), lon(i), Double.NaN, 130));
            }
            points.append("</Track>\n");
            var r = TrackFiles.read(utf8(tcx("Running", lap(T0, 18, 40, 130, points.toString()))), MAX);
            assertThat(r.track().size()).isEqualTo(8);
            assertThat(r.track().t()).containsExactly(0, 2, 4, 6, 12, 14, 16, 18);
            assertThat(r.track().breaks()).as("a lost fix is no pause").isEmpty();
        }

        @Test
        void aNewTrackAfterAPauseIsABreak() {
            // paused 5 minutes after point 39 and walked ~550 m meanwhile: the odometer stood still
            int resume = 200;
            double[] odo = odometer(resume + 40);
            double[] device = new double[resume + 40];
            for (int i = 0; i < device.length; i++) {
                device[i] = i < 40 ? odo[i] : odo[39] + (odo[i] - odo[resume]);
            }
            String tracks = track(0, 40, device) + track(resume, resume + 40, device);
            var r = TrackFiles.read(utf8(tcx("Running", lap(T0, 156, device[resume + 39], 140, tracks))), MAX);
            Track track = r.track();
            assertThat(track.size()).isEqualTo(80);
            assertThat(track.breaks()).containsExactly(40);

            double[] lat = Objects.requireNonNull(track.lat());
            double[] lon = Objects.requireNonNull(track.lon());
            double parts = length(lat, lon, 0, 39) + length(lat, lon, 40, 79);
            double across = length(lat, lon, 39, 40);
            assertThat(across).as("the pause's jump").isGreaterThan(500);
            var analysis = TrackAnalysis.analyze(track);
            assertThat(analysis.distanceMeters()).isCloseTo(parts, within(0.05));
            assertThat(analysis.timerSeconds()).isEqualTo(2.0 * (39 + 39));
            assertThat(analysis.elapsedSeconds()).isEqualTo(2.0 * (resume + 39));
        }

        @Test
        void aNewTrackWhereTheOdometerWentOnIsNoBreak() {
            // points 40..79 are missing (a trimmed file) but the device counted their distance
            double[] odo = odometer(120);
            String tracks = track(0, 40, odo) + track(80, 120, odo);
            var r = TrackFiles.read(utf8(tcx("Running", lap(T0, 238, odo[119], 140, tracks))), MAX);
            Track track = r.track();
            assertThat(track.size()).isEqualTo(80);
            assertThat(track.breaks()).isEmpty();
            double[] lat = Objects.requireNonNull(track.lat());
            double[] lon = Objects.requireNonNull(track.lon());
            assertThat(TrackAnalysis.analyze(track).distanceMeters()).isCloseTo(length(lat, lon, 0, 79), within(0.05));
        }

        @Test
        void twoActivitiesAreTwoLegs() {
            double[] odo = odometer(60);
            String xml = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
                    <Activities>
                    <Activity Sport="Running"><Id>%s</Id>%s</Activity>
                    <Activity Sport="Biking"><Id>%s</Id>%s</Activity>
                    </Activities></TrainingCenterDatabase>
                    """.formatted(
                            time(0),
                            lap(time(0), 58, odo[29], 140, track(0, 30, odo)),
                            time(30),
                            lap(time(30), 58, odo[59] - odo[30], 150, track(30, 60, odo)));
            var r = TrackFiles.read(utf8(xml), MAX);
            assertThat(r.legs()).extracting(Leg::sport).containsExactly("running", "biking");
            assertThat(r.legs()).extracting(Leg::from).containsExactly(0, 30);
            assertThat(r.legs()).extracting(Leg::to).containsExactly(30, 60);
            assertThat(r.legs().get(1).start()).isEqualTo(time(30));
            assertThat(r.device()).isNotNull();
            assertThat(Objects.requireNonNull(r.device()).timerSeconds()).isEqualTo(116.0);
        }

        @Test
        void aBadTimeIsRefusedInPlainWords() {
            String xml = tcx(
                    "Running",
                    lap(
                            T0,
                            10,
                            10,
                            140,
                            "<Track>" + point(T0, lat(0), lon(0), 0, 130)
                                    + "<Trackpoint><Time>yesterday</Time></Trackpoint></Track>"));
            var e = invalid(utf8(xml));
            assertThat(e.getMessage())
                    .startsWith("The TCX file cannot be read:")
                    .contains("'yesterday'");
        }
    }

    @Nested
    class FitFiles {

        private static final double SEMICIRCLES = 2147483648.0 / 180.0;

        /** Writes FIT messages with the SDK's own encoder. */
        private static final class FitWriter {
            private final BufferEncoder encoder = new BufferEncoder(Fit.ProtocolVersion.V2_0);

            FitWriter() {
                var id = new FileIdMesg();
                id.setType(com.garmin.fit.File.ACTIVITY);
                id.setManufacturer(Manufacturer.DEVELOPMENT);
                id.setProduct(1);
                id.setSerialNumber(4242L);
                id.setTimeCreated(new DateTime(T0));
                encoder.write(id);
            }

            FitWriter timer(Instant at, EventType type) {
                var event = new EventMesg();
                event.setTimestamp(new DateTime(at));
                event.setEvent(Event.TIMER);
                event.setEventType(type);
                encoder.write(event);
                return this;
            }

            /** A record of point {@code i} of the jog; {@code positioned} false for an indoor one. */
            FitWriter record(int i, Instant at, double odometer, boolean positioned) {
                var record = new RecordMesg();
                record.setTimestamp(new DateTime(at));
                if (positioned) {
                    record.setPositionLat((int) Math.round(lat(i) * SEMICIRCLES));
                    record.setPositionLong((int) Math.round(lon(i) * SEMICIRCLES));
                    record.setEnhancedAltitude((float) ele(i));
                }
                record.setHeartRate((short) (120 + i % 50));
                record.setCadence((short) 85);
                record.setPower(180 + i % 7);
                record.setDistance((float) odometer);
                record.setEnhancedSpeed(2.0f);
                encoder.write(record);
                return this;
            }

            FitWriter write(Mesg mesg) {
                encoder.write(mesg);
                return this;
            }

            byte[] bytes() {
                return encoder.close();
            }
        }

        private static SessionMesg session(
                Sport sport, Instant start, Instant end, float timer, float distance, int ascent) {
            var session = new SessionMesg();
            session.setTimestamp(new DateTime(end));
            session.setStartTime(new DateTime(start));
            session.setSport(sport);
            session.setTotalElapsedTime((float) (end.getEpochSecond() - start.getEpochSecond()));
            session.setTotalTimerTime(timer);
            session.setTotalDistance(distance);
            session.setTotalAscent(ascent);
            session.setTotalDescent(3);
            session.setAvgHeartRate((short) 141);
            session.setTotalCalories(77);
            session.setEnhancedMaxSpeed(4.5f);
            return session;
        }

        private static LapMesg lap(Instant start, Instant end, float timer, float distance) {
            var lap = new LapMesg();
            lap.setTimestamp(new DateTime(end));
            lap.setStartTime(new DateTime(start));
            lap.setTotalElapsedTime((float) (end.getEpochSecond() - start.getEpochSecond()));
            lap.setTotalTimerTime(timer);
            lap.setTotalDistance(distance);
            return lap;
        }

        private static com.garmin.fit.ActivityMesg activity(Instant end, float timer, int sessions) {
            var activity = new com.garmin.fit.ActivityMesg();
            activity.setTimestamp(new DateTime(end));
            activity.setTotalTimerTime(timer);
            activity.setNumSessions(sessions);
            return activity;
        }

        /**
         * 60 records, a pause of 10 minutes (the runner walked ~450 m meanwhile, one record written
         * while stopped), 60 more records; the odometer stands still across the pause.
         */
        private static byte[] withAPause() {
            var fit = new FitWriter().timer(T0, EventType.START);
            double odo = 0;
            for (int i = 0; i < 60; i++) {
                odo += i == 0 ? 0 : Geodesic.WGS84.Inverse(lat(i - 1), lon(i - 1), lat(i), lon(i)).s12;
                fit.record(i, time(i), odo, true);
            }
            Instant stop = time(59);
            fit.timer(stop, EventType.STOP_ALL);
            fit.record(90, stop.plusSeconds(300), odo, true); // while stopped
            Instant resume = stop.plusSeconds(600);
            fit.timer(resume, EventType.START);
            for (int j = 0; j < 60; j++) {
                int i = 180 + j;
                odo += j == 0 ? 0 : Geodesic.WGS84.Inverse(lat(i - 1), lon(i - 1), lat(i), lon(i)).s12;
                fit.record(i, resume.plusSeconds(2L * j), odo, true);
            }
            Instant end = resume.plusSeconds(118);
            fit.timer(end, EventType.STOP_ALL);
            float distance = (float) odo;
            fit.write(lap(T0, end, 236f, distance))
                    .write(session(Sport.RUNNING, T0, end, 236f, distance, 12))
                    .write(activity(end, 236f, 1));
            return fit.bytes();
        }

        @Test
        void aTimerPauseIsABreakAndItsDistanceIsNotCounted() {
            var r = TrackFiles.read(withAPause(), MAX);
            assertThat(r.format()).isEqualTo(TrackFormat.FIT);
            Track track = r.track();
            assertThat(track.size()).isEqualTo(121);
            // the record written while stopped is a part of its own: no step to it nor from it
            assertThat(track.breaks()).containsExactly(60, 61);
            double[] t = Objects.requireNonNull(track.t());
            assertThat(t[59]).isEqualTo(118.0);
            assertThat(t[61]).isEqualTo(718.0);

            double[] lat = Objects.requireNonNull(track.lat());
            double[] lon = Objects.requireNonNull(track.lon());
            double moving = length(lat, lon, 0, 59) + length(lat, lon, 61, 120);
            assertThat(length(lat, lon, 59, 61))
                    .as("the jumps across the pause")
                    .isGreaterThan(400);
            var analysis = TrackAnalysis.analyze(track);
            assertThat(analysis.distanceMeters()).isCloseTo(moving, within(0.05));
            assertThat(analysis.timerSeconds()).isEqualTo(236.0);
            assertThat(analysis.elapsedSeconds()).isEqualTo(836.0);
            assertThat(analysis.parts()).isEqualTo(3);
        }

        @Test
        void theSessionsTotalsAreTheLegsDeviceSummary() {
            var r = TrackFiles.read(withAPause(), MAX);
            Leg leg = r.legs().getFirst();
            assertThat(r.legs()).hasSize(1);
            assertThat(leg.sport()).isEqualTo("running");
            assertThat(leg.start()).isEqualTo(T0);
            assertThat(leg.from()).isZero();
            assertThat(leg.to()).isEqualTo(121);
            double[] lat = Objects.requireNonNull(r.track().lat());
            double[] lon = Objects.requireNonNull(r.track().lon());
            double moving = length(lat, lon, 0, 59) + length(lat, lon, 61, 120);
            DeviceSummary device = Objects.requireNonNull(leg.device());
            assertThat(device.distanceMeters()).isCloseTo(moving, within(0.01));
            assertThat(device.timerSeconds()).isEqualTo(236.0);
            assertThat(device.elapsedSeconds()).isEqualTo(836.0);
            assertThat(device.ascentMeters()).isEqualTo(12.0);
            assertThat(device.descentMeters()).isEqualTo(3.0);
            assertThat(device.avgHeartRate()).isEqualTo(141);
            assertThat(device.calories()).isEqualTo(77);
            assertThat(device.maxSpeedKmh()).isEqualTo(16.2);

            var totals = Totals.of(r.track(), r.device());
            assertThat(totals.durationSeconds()).isEqualTo(236.0);
            assertThat(totals.elapsedSeconds()).isEqualTo(836.0);
            assertThat(totals.elevationGainMeters())
                    .as("the device's ascent wins")
                    .isEqualTo(12.0);
            assertThat(totals.computed()).isNotNull();
        }

        @Test
        void aFileWithoutPositionsHasTimesAndHeartRateButNoMap() {
            var fit = new FitWriter().timer(T0, EventType.START);
            for (int i = 0; i < 40; i++) {
                fit.record(i, time(i), i * 7.5, false);
            }
            Instant end = time(39);
            fit.timer(end, EventType.STOP_ALL)
                    .write(lap(T0, end, 78f, 292.5f))
                    .write(session(Sport.CYCLING, T0, end, 78f, 292.5f, 0))
                    .write(activity(end, 78f, 1));
            var r = TrackFiles.read(fit.bytes(), MAX);
            Track track = r.track();
            assertThat(track.lat()).isNull();
            assertThat(track.lon()).isNull();
            assertThat(track.ele()).isNull();
            assertThat(track.hasPositions()).isFalse();
            assertThat(track.size()).isEqualTo(40);
            assertThat(track.t()).hasSize(40).startsWith(0, 2).endsWith(78);
            assertThat(track.hr()).hasSize(40).startsWith(120, 121);
            assertThat(track.power()).hasSize(40).startsWith(180, 181);
            assertThat(track.speed()).containsOnly(2.0);
            var totals = Totals.of(track, r.device());
            assertThat(totals.computed()).isNull();
            assertThat(totals.distanceMeters()).isEqualTo(292.5);
            assertThat(totals.durationSeconds()).isEqualTo(78.0);
        }

        @Test
        void twoSessionsOfDifferentSportsAreTwoLegs() {
            var fit = new FitWriter().timer(T0, EventType.START);
            double odo = 0;
            for (int i = 0; i < 100; i++) {
                odo += i == 0 ? 0 : Geodesic.WGS84.Inverse(lat(i - 1), lon(i - 1), lat(i), lon(i)).s12;
                fit.record(i, time(i), odo, true);
                if (i == 49) {
                    float first = (float) odo;
                    fit.write(lap(T0, time(49), 98f, first)).write(session(Sport.RUNNING, T0, time(49), 98f, first, 5));
                }
            }
            fit.timer(time(99), EventType.STOP_ALL);
            var bikeStart = time(50);
            double bikeDistance = 0;
            for (int i = 51; i < 100; i++) {
                bikeDistance += Geodesic.WGS84.Inverse(lat(i - 1), lon(i - 1), lat(i), lon(i)).s12;
            }
            fit.write(lap(bikeStart, time(99), 98f, (float) bikeDistance))
                    .write(session(Sport.CYCLING, bikeStart, time(99), 98f, (float) bikeDistance, 7))
                    .write(activity(time(99), 196f, 2));
            assertThat(bikeDistance).as("~4 m a step").isBetween(150.0, 250.0);
            var r = TrackFiles.read(fit.bytes(), MAX);
            assertThat(r.multisport()).isTrue();
            assertThat(r.legs()).extracting(Leg::sport).containsExactly("running", "cycling");
            assertThat(r.legs()).extracting(Leg::from).containsExactly(0, 50);
            assertThat(r.legs()).extracting(Leg::to).containsExactly(50, 100);
            assertThat(r.legs()).extracting(Leg::start).containsExactly(T0, bikeStart);
            DeviceSummary run = Objects.requireNonNull(r.legs().get(0).device());
            DeviceSummary ride = Objects.requireNonNull(r.legs().get(1).device());
            assertThat(run.ascentMeters()).isEqualTo(5.0);
            assertThat(ride.ascentMeters()).isEqualTo(7.0);
            DeviceSummary total = Objects.requireNonNull(r.device());
            assertThat(total.timerSeconds()).isEqualTo(196.0);
            assertThat(total.ascentMeters()).isEqualTo(12.0);
            assertThat(total.avgHeartRate())
                    .as("no average over different sports")
                    .isNull();
            assertThat(r.track().breaks())
                    .as("one timer, no pause between the sessions")
                    .isEmpty();
        }

        @Test
        void everyTruncationIsRefusedInPlainWords() {
            byte[] whole = withAPause();
            assertThat(TrackFiles.read(whole, MAX).track().size()).isEqualTo(121);
            var messages = new ArrayList<String>();
            for (int cut = 12; cut < whole.length; cut += cut < 200 ? 1 : 97) {
                var e = invalid(Arrays.copyOf(whole, cut));
                assertThat(e.getMessage()).as("cut at %d", cut).startsWith("The FIT file cannot be read:");
                messages.add(e.getMessage());
            }
            assertThat(messages).hasSizeGreaterThan(100);
        }

        @Test
        void aFlippedByteIsRefused() {
            byte[] content = withAPause();
            content[content.length / 2] ^= 0x5a;
            var e = invalid(content);
            assertThat(e.getMessage()).contains("corrupt");
        }

        @Test
        void aFitWithoutRecordsOrSessionsIsRefused() {
            var e = invalid(new FitWriter().timer(T0, EventType.START).bytes());
            assertThat(e.getMessage()).contains("no activity records");
        }

        @Test
        void tooManyPointsAreRefused() {
            var e = catchThrowableOfType(ApiException.class, () -> TrackFiles.read(withAPause(), 100));
            assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(e.getMessage()).contains("more than 100 points");
        }
    }

    /** A gzipped file is read as what it holds (here: the TCX laps survive). */
    @Test
    void gzipIsInflatedBeforeReading() throws Exception {
        byte[] tcx = Files.readAllBytes(Path.of("src/test/resources/real-activities/togeojson-sample.tcx"));
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(tcx);
        }
        byte[] inflated = TrackFiles.inflateIfGzip(out.toByteArray(), 10 << 20);
        assertThat(inflated).isEqualTo(tcx);
        assertThat(TrackFiles.inflateIfGzip(tcx, 10)).isSameAs(tcx);
        var e = catchThrowableOfType(
                ApiException.class, () -> TrackFiles.inflateIfGzip(out.toByteArray(), tcx.length - 1));
        assertThat(e.code()).isEqualTo("payload_too_large");
        var r = TrackFiles.read(inflated, MAX);
        assertThat(r.format()).isEqualTo(TrackFormat.TCX);
        assertThat(r.track().size()).isEqualTo(17);
    }
}
