package io.strideline.activity;

import com.garmin.fit.DateTime;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import io.strideline.track.Geodesy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Synthetic but realistic tracks written as real GPX, TCX and FIT files (FIT with the Garmin SDK's
 * own encoder): a runner heading north-east at about 3 m/s, one point per second, over a hill.
 */
final class TrackFixtures {

    /** A generated track; {@code start} is when the first point was recorded. */
    record Sample(Instant start, double[] t, double[] lat, double[] lon, double[] ele, int[] hr, int[] cad) {
        int size() {
            return t.length;
        }

        double distance() {
            return length(lat, lon);
        }
    }

    private TrackFixtures() {}

    static double length(double[] lat, double[] lon) {
        double sum = 0;
        for (int i = 1; i < lat.length; i++) {
            sum += Geodesy.distance(lat[i - 1], lon[i - 1], lat[i], lon[i]);
        }
        return sum;
    }

    static Sample sample(Instant start, int points, double latOffset) {
        double[] t = new double[points];
        double[] lat = new double[points];
        double[] lon = new double[points];
        double[] ele = new double[points];
        int[] hr = new int[points];
        int[] cad = new int[points];
        for (int i = 0; i < points; i++) {
            t[i] = i;
            // ~2.2 m north and ~2.1 m east per second, wiggling a little
            lat[i] = 48.1 + latOffset + i * 2e-5 + 1e-6 * Math.sin(i / 7.0);
            lon[i] = 11.5 + i * 2.8e-5;
            ele[i] = 520 + 40 * Math.sin(i / 600.0);
            hr[i] = 130 + (i % 40);
            cad[i] = 85 + (i % 5);
        }
        return new Sample(start, t, lat, lon, ele, hr, cad);
    }

    static byte[] gpx11(Sample s, String type) {
        var out = new StringBuilder(s.size() * 200);
        out.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="Strideline tests" xmlns="http://www.topografix.com/GPX/1/1"
                     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
                  <trk><name>Hill loop</name><type>%s</type><trkseg>
                """.formatted(type));
        for (int i = 0; i < s.size(); i++) {
            out.append(String.format(
                    Locale.ROOT,
                    "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%s</time>"
                            + "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr>"
                            + "<gpxtpx:cad>%d</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
                    s.lat()[i],
                    s.lon()[i],
                    s.ele()[i],
                    time(s, i),
                    s.hr()[i],
                    s.cad()[i]));
        }
        out.append("</trkseg></trk></gpx>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gpx10(Sample s) {
        var out = new StringBuilder(s.size() * 120);
        out.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.0" creator="Strideline tests" xmlns="http://www.topografix.com/GPX/1/0">
                  <trk><name>Old device</name><trkseg>
                """);
        for (int i = 0; i < s.size(); i++) {
            out.append(String.format(
                    Locale.ROOT,
                    "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%s</time></trkpt>\n",
                    s.lat()[i],
                    s.lon()[i],
                    s.ele()[i],
                    time(s, i)));
        }
        out.append("</trkseg></trk></gpx>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] tcx(Sample s, String sport) {
        var out = new StringBuilder(s.size() * 300);
        out.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
                    xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
                  <Activities><Activity Sport="%s"><Id>%s</Id><Lap StartTime="%s"><Track>
                """.formatted(sport, time(s, 0), time(s, 0)));
        for (int i = 0; i < s.size(); i++) {
            out.append(String.format(
                    Locale.ROOT,
                    "<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%.7f</LatitudeDegrees>"
                            + "<LongitudeDegrees>%.7f</LongitudeDegrees></Position><AltitudeMeters>%.1f</AltitudeMeters>"
                            + "<HeartRateBpm><Value>%d</Value></HeartRateBpm><Extensions><ns3:TPX>"
                            + "<ns3:RunCadence>%d</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>\n",
                    time(s, i),
                    s.lat()[i],
                    s.lon()[i],
                    s.ele()[i],
                    s.hr()[i],
                    s.cad()[i]));
        }
        out.append("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A FIT activity file written by the FIT SDK's encoder: file id, one record per point, session. */
    static byte[] fit(Sample s, Sport sport) {
        try {
            var file = Files.createTempFile("strideline-", ".fit");
            try {
                var encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
                var id = new FileIdMesg();
                id.setType(com.garmin.fit.File.ACTIVITY);
                id.setManufacturer(Manufacturer.DEVELOPMENT);
                id.setProduct(1);
                id.setSerialNumber(12345L);
                id.setTimeCreated(new DateTime(s.start()));
                encoder.write(id);
                double semicircles = 2147483648.0 / 180.0;
                double distance = 0;
                for (int i = 0; i < s.size(); i++) {
                    if (i > 0) {
                        distance += Geodesy.distance(s.lat()[i - 1], s.lon()[i - 1], s.lat()[i], s.lon()[i]);
                    }
                    var record = new RecordMesg();
                    record.setTimestamp(new DateTime(s.start().plusMillis(Math.round(s.t()[i] * 1000))));
                    record.setPositionLat((int) Math.round(s.lat()[i] * semicircles));
                    record.setPositionLong((int) Math.round(s.lon()[i] * semicircles));
                    record.setEnhancedAltitude((float) s.ele()[i]);
                    record.setHeartRate((short) s.hr()[i]);
                    record.setCadence((short) s.cad()[i]);
                    record.setDistance((float) distance);
                    encoder.write(record);
                }
                var session = new SessionMesg();
                session.setSport(sport);
                session.setStartTime(new DateTime(s.start()));
                session.setTimestamp(new DateTime(s.start().plusSeconds((long) s.t()[s.size() - 1])));
                session.setTotalElapsedTime((float) s.t()[s.size() - 1]);
                session.setTotalDistance((float) distance);
                encoder.write(session);
                encoder.close();
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] content) {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Gzip of {@code size} zero bytes: a few hundred KB that inflate to far more. */
    static byte[] zipBomb(long size) {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                zip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String time(Sample s, int i) {
        return s.start().plusMillis(Math.round(s.t()[i] * 1000)).toString();
    }
}
