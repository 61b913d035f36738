package io.strideline.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.Decode;
import com.garmin.fit.MesgNum;
import com.garmin.fit.RecordMesg;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Real files from real devices (src/test/resources/real-activities, see its README) read, written
 * as GPX by {@link TrackFiles#writeGpx} and read again: nothing the track or its legs carry is lost
 * or altered on the way, and the totals an activity shows stay the same.
 */
class GpxRoundTripTest {

    private static final Path REAL = Path.of("src/test/resources/real-activities");
    private static final String GPX_11 = "http://www.topografix.com/GPX/1/1";
    private static final String TRACK_POINT_EXTENSION = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";

    /** The files with positions: FIT from six devices (one a five-session triathlon), GPX, TCX. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Edge810-Vector-2013-08-16-15-35-10.fit",
                "activity-small-fenix2-run.fit",
                "coros-pace-2-cycling-misaligned-fields.fit",
                "garmin-edge-500-activity.fit",
                "garmin-fenix-5-walk.fit",
                "sample-activity.fit",
                "sample_mulitple_header.fit",
                "togeojson-multitrackgpx.gpx",
                "togeojson-sample.tcx",
                "korita-zbevnica.gpx"
            })
    void aWrittenGpxReadsBackAsTheSameRecording(String file) throws Exception {
        Recording before = TrackFiles.read(Files.readAllBytes(REAL.resolve(file)), 200_000);
        Track a = before.track();
        assertThat(a.hasPositions()).as("the fixture has positions").isTrue();

        byte[] gpx = TrackFiles.writeGpx(file, null, before.start(), a, before.legs());
        Recording after = TrackFiles.read(gpx, 200_000);
        Track b = after.track();

        assertThat(after.format()).isEqualTo(TrackFormat.GPX);
        assertThat(after.name()).isEqualTo(file);
        assertThat(after.start()).isEqualTo(before.start());
        assertThat(b.size()).isEqualTo(a.size());
        assertThat(b.breaks()).as("breaks").containsExactly(a.breaks());

        double[] t = Objects.requireNonNull(a.t());
        assertThat(b.t()).isNotNull();
        assertThat(b.t()).containsExactly(t, within(0.001));
        assertThat(b.lat()).containsExactly(Objects.requireNonNull(a.lat()), within(1e-9));
        assertThat(b.lon()).containsExactly(Objects.requireNonNull(a.lon()), within(1e-9));
        sameChannel("ele", a.ele(), b.ele(), 0.01);
        sameChannel("hr", a.hr(), b.hr());
        sameChannel("cad", a.cad(), b.cad());
        sameChannel("power", a.power(), b.power());
        // speed and temperature come from FIT floats: compared within float precision
        sameChannel("speed", a.speed(), b.speed(), 1e-6);
        sameChannel("temp", a.temp(), b.temp(), 1e-6);

        assertThat(after.legs()).hasSameSizeAs(before.legs());
        for (int i = 0; i < before.legs().size(); i++) {
            Leg was = before.legs().get(i);
            Leg is = after.legs().get(i);
            assertThat(is.sport()).as("leg %d sport", i).isEqualTo(was.sport());
            assertThat(is.from()).as("leg %d from", i).isEqualTo(was.from());
            assertThat(is.to()).as("leg %d to", i).isEqualTo(was.to());
            assertThat(is.device()).as("leg %d device summary", i).isEqualTo(was.device());
        }

        Totals totalsBefore = Totals.of(a, before.device());
        Totals totalsAfter = Totals.of(b, after.device());
        assertThat(totalsAfter.distanceMeters()).isEqualTo(totalsBefore.distanceMeters());
        assertThat(totalsAfter.durationSeconds()).isEqualTo(totalsBefore.durationSeconds());
        assertThat(totalsAfter.elapsedSeconds()).isEqualTo(totalsBefore.elapsedSeconds());
        assertThat(totalsAfter.elevationGainMeters()).isEqualTo(totalsBefore.elevationGainMeters());
        assertThat(totalsAfter.elevationLossMeters()).isEqualTo(totalsBefore.elevationLossMeters());
        assertThat(totalsAfter.computed()).isEqualTo(totalsBefore.computed());

        wellFormedGpx11(gpx, a, before.legs().size());
    }

    /** The written document parses as namespace-aware XML and puts hr/cad in Garmin's extension. */
    private static void wellFormedGpx11(byte[] gpx, Track track, int legs) throws Exception {
        Document doc = parse(gpx);
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(GPX_11);
        assertThat(root.getLocalName()).isEqualTo("gpx");
        assertThat(root.getAttribute("version")).isEqualTo("1.1");
        assertThat(doc.getElementsByTagNameNS(GPX_11, "trk").getLength()).isEqualTo(legs);
        assertThat(doc.getElementsByTagNameNS(GPX_11, "trkseg").getLength())
                .as("one segment per part of each leg")
                .isGreaterThanOrEqualTo(legs)
                .isLessThanOrEqualTo(legs + track.breaks().length);
        assertThat(doc.getElementsByTagNameNS(GPX_11, "trkpt").getLength()).isEqualTo(track.size());
        int expectedHr = track.hr() == null ? 0 : track.size();
        int expectedCad = track.cad() == null ? 0 : track.size();
        assertThat(doc.getElementsByTagNameNS(TRACK_POINT_EXTENSION, "hr").getLength())
                .isEqualTo(expectedHr);
        assertThat(doc.getElementsByTagNameNS(TRACK_POINT_EXTENSION, "cad").getLength())
                .isEqualTo(expectedCad);
        // nothing of the track point extension is written in another namespace
        assertThat(doc.getElementsByTagNameNS("*", "hr").getLength()).isEqualTo(expectedHr);
        assertThat(doc.getElementsByTagNameNS("*", "cad").getLength()).isEqualTo(expectedCad);
        if (track.hr() != null || track.cad() != null) {
            var extension = (Element) doc.getElementsByTagNameNS(TRACK_POINT_EXTENSION, "TrackPointExtension")
                    .item(0);
            assertThat(extension).isNotNull();
            assertThat(((Element) extension.getParentNode()).getLocalName()).isEqualTo("extensions");
            assertThat(extension.getParentNode().getNamespaceURI()).isEqualTo(GPX_11);
        }
    }

    private static Document parse(byte[] xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        try (var in = new ByteArrayInputStream(xml)) {
            return builder.parse(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void sameChannel(String name, double @Nullable [] before, double @Nullable [] after, double tol) {
        if (before == null) {
            assertThat(after).as(name + " absent before and after").isNull();
            return;
        }
        assertThat(after).as(name + " present after").isNotNull();
        assertThat(after).as(name).containsExactly(before, within(tol));
    }

    private static void sameChannel(String name, int @Nullable [] before, int @Nullable [] after) {
        if (before == null) {
            assertThat(after).as(name + " absent before and after").isNull();
            return;
        }
        assertThat(after).as(name).isNotNull().containsExactly(before);
    }

    /**
     * The instants survive too, not only the offsets: after the round trip, start + t of the first
     * and last points are the timestamps the FIT SDK decodes for the first and last records with a
     * position.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Edge810-Vector-2013-08-16-15-35-10.fit",
                "coros-pace-2-cycling-misaligned-fields.fit",
                "garmin-edge-500-activity.fit",
                "sample-activity.fit",
                "sample_mulitple_header.fit"
            })
    void writtenTimesAreTheRecordedInstants(String file) throws Exception {
        byte[] fit = Files.readAllBytes(REAL.resolve(file));
        var positioned = new ArrayList<Instant>();
        var decode = new Decode();
        var in = new ByteArrayInputStream(fit);
        while (in.available() > 0) {
            decode.read(in, mesg -> {
                if (mesg.getNum() == MesgNum.RECORD) {
                    var record = new RecordMesg(mesg);
                    if (record.getTimestamp() != null && record.getPositionLat() != null) {
                        positioned.add(record.getTimestamp().getDate().toInstant());
                    }
                }
            });
            decode.nextFile();
        }
        assertThat(positioned).hasSizeGreaterThan(1);

        Recording before = TrackFiles.read(fit, 200_000);
        Recording after = TrackFiles.read(
                TrackFiles.writeGpx(null, null, before.start(), before.track(), before.legs()), 200_000);
        Instant start = Objects.requireNonNull(after.start());
        double[] t = Objects.requireNonNull(after.track().t());
        assertThat(start.plusMillis(Math.round(t[0] * 1000))).isEqualTo(positioned.getFirst());
        assertThat(start.plusMillis(Math.round(t[t.length - 1] * 1000))).isEqualTo(positioned.getLast());
        assertThat(t[0]).as("the first point is not before the start").isGreaterThanOrEqualTo(0);
    }
}
