package io.strideline.activity;

import com.garmin.fit.Decode;
import com.garmin.fit.FitRuntimeException;
import com.garmin.fit.MesgNum;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import io.jenetics.jpx.GPX;
import io.jenetics.jpx.Length;
import io.jenetics.jpx.Track;
import io.jenetics.jpx.TrackSegment;
import io.jenetics.jpx.WayPoint;
import io.strideline.platform.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * Reads GPX 1.0/1.1, TCX and FIT files (each optionally gzipped) into a {@link ParsedTrack}, and
 * writes tracks as GPX 1.1. Every failure is the client's: a problem with a stable code, never a
 * 500 and never a resolved external entity.
 */
final class ActivityFiles {

    static final String GPX_NS_10 = "http://www.topografix.com/GPX/1/0";
    static final String GPX_NS_11 = "http://www.topografix.com/GPX/1/1";
    static final String TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1";
    private static final double SEMICIRCLES_TO_DEGREES = 180.0 / 2147483648.0;

    private ActivityFiles() {}

    // --- container

    /**
     * Inflates gzip content (detected by its magic bytes, not by a file name) up to {@code max}
     * bytes; anything else is returned as it is.
     */
    static byte[] inflateIfGzip(byte[] content, long max) {
        if (content.length < 2 || (content[0] & 0xff) != 0x1f || (content[1] & 0xff) != 0x8b) {
            return content;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content), 64 * 1024)) {
            var out = new ByteArrayOutputStream(Math.max(1024, Math.min(content.length * 4, 64 << 20)));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    throw new ApiException(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "payload_too_large",
                            "The file inflates to more than " + max + " bytes.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw invalid("The gzip content is corrupt or truncated.");
        }
    }

    /** Reads whichever supported format the content is; 415 for anything else. */
    static ParsedTrack parse(byte[] content, int maxPoints) {
        if (isFit(content)) {
            return parseFit(content, maxPoints);
        }
        String root = xmlRoot(content);
        return switch (root) {
            case "gpx" -> parseGpx(content, maxPoints);
            case "TrainingCenterDatabase" -> parseTcx(content, maxPoints);
            default -> throw unsupported();
        };
    }

    static ApiException invalid(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_file", message);
    }

    private static ApiException unsupported() {
        return new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_file",
                "Supported files: GPX 1.0/1.1, TCX and FIT, each optionally gzipped.");
    }

    // --- XML

    /**
     * A StAX factory that never reads a DTD nor resolves an entity: no XXE, no billion laughs.
     * The JDK's own implementation, whatever else is on the class path.
     */
    private static XMLInputFactory secureFactory() {
        var factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return factory;
    }

    /**
     * The local name of the root element. A document with a DOCTYPE is refused outright: no
     * activity file needs one, and refusing it here means no parser after this one ever sees one.
     */
    private static String xmlRoot(byte[] content) {
        if (!looksLikeXml(content)) {
            throw unsupported();
        }
        XMLStreamReader xml = null;
        try {
            xml = secureFactory().createXMLStreamReader(new ByteArrayInputStream(content));
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw invalid("Documents with a DOCTYPE are not accepted.");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return xml.getLocalName();
                }
            }
            throw invalid("The XML document has no root element.");
        } catch (XMLStreamException e) {
            throw invalid("The file is not well-formed XML.");
        } finally {
            close(xml);
        }
    }

    private static boolean looksLikeXml(byte[] content) {
        int i = 0;
        // UTF-8 byte order mark
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb) {
            i = 3;
        }
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }

    private static void close(@Nullable XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // nothing to release that matters
            }
        }
    }

    // --- GPX

    private static ParsedTrack parseGpx(byte[] content, int maxPoints) {
        var version = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.UTF_8).contains(GPX_NS_10)
                ? GPX.Version.V10
                : GPX.Version.V11;
        GPX gpx;
        try {
            // safe: xmlRoot refused any DOCTYPE, so there is no entity to expand
            gpx = GPX.Reader.of(version, GPX.Reader.Mode.STRICT).read(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            throw invalid("The GPX file cannot be read: " + reason(e));
        }
        var points = new Points(maxPoints);
        String sport = null;
        String name = null;
        for (Track track : gpx.getTracks()) {
            if (sport == null) {
                sport = track.getType().orElse(null);
            }
            if (name == null) {
                name = track.getName().orElse(null);
            }
            for (TrackSegment segment : track.getSegments()) {
                for (WayPoint p : segment.getPoints()) {
                    addGpxPoint(points, p);
                }
            }
        }
        if (points.size() == 0) {
            // route planners export routes (rtept) rather than tracks
            gpx.routes().flatMap(r -> r.points()).forEach(p -> addGpxPoint(points, p));
        }
        return points.build("gpx", sport, name);
    }

    private static void addGpxPoint(Points points, WayPoint p) {
        Instant time = p.getTime().orElse(null);
        if (time == null) {
            return;
        }
        Document ext = p.getExtensions().orElse(null);
        points.add(
                time,
                p.getLatitude().doubleValue(),
                p.getLongitude().doubleValue(),
                p.getElevation().map(Length::doubleValue).orElse(Double.NaN),
                ext == null ? -1 : intElement(ext, "hr"),
                ext == null ? -1 : intElement(ext, "cad"));
    }

    /** The Garmin TrackPointExtension's hr/cad (any namespace prefix), or -1. */
    private static int intElement(Document ext, String localName) {
        var nodes = ext.getElementsByTagNameNS("*", localName);
        if (nodes.getLength() == 0) {
            nodes = ext.getElementsByTagName(localName);
        }
        if (nodes.getLength() == 0) {
            return -1;
        }
        Node node = nodes.item(0);
        try {
            return (int) Math.round(Double.parseDouble(node.getTextContent().trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // --- TCX

    private static ParsedTrack parseTcx(byte[] content, int maxPoints) {
        var points = new Points(maxPoints);
        String sport = null;
        XMLStreamReader xml = null;
        try {
            xml = secureFactory().createXMLStreamReader(new ByteArrayInputStream(content));
            boolean inPoint = false;
            boolean inHeartRate = false;
            Instant time = null;
            double lat = Double.NaN;
            double lon = Double.NaN;
            double ele = Double.NaN;
            int hr = -1;
            int cad = -1;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw invalid("Documents with a DOCTYPE are not accepted.");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String el = xml.getLocalName();
                    if (el.equals("Activity") && sport == null) {
                        sport = xml.getAttributeValue(null, "Sport");
                    } else if (el.equals("Trackpoint")) {
                        inPoint = true;
                        time = null;
                        lat = lon = ele = Double.NaN;
                        hr = cad = -1;
                    } else if (inPoint) {
                        switch (el) {
                            case "Time" -> time = parseTime(xml.getElementText());
                            case "LatitudeDegrees" -> lat = number(xml.getElementText());
                            case "LongitudeDegrees" -> lon = number(xml.getElementText());
                            case "AltitudeMeters" -> ele = number(xml.getElementText());
                            case "HeartRateBpm" -> inHeartRate = true;
                            case "Value" -> {
                                if (inHeartRate) {
                                    hr = (int) Math.round(number(xml.getElementText()));
                                }
                            }
                            // Cadence for rides, the TPX extension's RunCadence for runs
                            case "Cadence", "RunCadence" -> cad = (int) Math.round(number(xml.getElementText()));
                            default -> {}
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String el = xml.getLocalName();
                    if (el.equals("HeartRateBpm")) {
                        inHeartRate = false;
                    } else if (el.equals("Trackpoint")) {
                        inPoint = false;
                        // indoor points without a position carry no track
                        if (time != null && !Double.isNaN(lat) && !Double.isNaN(lon)) {
                            points.add(time, lat, lon, ele, hr, cad);
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw invalid("The TCX file is not well-formed XML.");
        } finally {
            close(xml);
        }
        return points.build("tcx", sport, null);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("'" + abbreviate(text) + "' is not a number.");
        }
    }

    private static Instant parseTime(String text) {
        String s = text.trim();
        try {
            var parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            // a time without an offset is taken as UTC, as Garmin writes it
            return parsed instanceof OffsetDateTime odt
                    ? odt.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw invalid("'" + abbreviate(s) + "' is not an ISO-8601 time.");
        }
    }

    // --- FIT

    private static boolean isFit(byte[] content) {
        // header: size (12 or 14), protocol, profile (2), data size (4), ".FIT"
        return content.length >= 12
                && (content[0] == 12 || content[0] == 14)
                && content[8] == '.'
                && content[9] == 'F'
                && content[10] == 'I'
                && content[11] == 'T';
    }

    private static ParsedTrack parseFit(byte[] content, int maxPoints) {
        var points = new Points(maxPoints);
        @Nullable String[] sport = {null};
        try {
            // the CRC check catches truncated and altered files before any record is used
            if (!new Decode().checkFileIntegrity(new ByteArrayInputStream(content))) {
                throw invalid("The FIT file is truncated or corrupt (size or CRC mismatch).");
            }
            var decode = new Decode();
            decode.read(new ByteArrayInputStream(content), mesg -> {
                if (mesg.getNum() == MesgNum.RECORD) {
                    addFitRecord(points, new RecordMesg(mesg));
                } else if (mesg.getNum() == MesgNum.SESSION && sport[0] == null) {
                    var s = new SessionMesg(mesg).getSport();
                    sport[0] = s == null ? null : s.name();
                }
            });
        } catch (FitRuntimeException e) {
            throw invalid("The FIT file cannot be decoded: " + reason(e));
        }
        return points.build("fit", sport[0], null);
    }

    private static void addFitRecord(Points points, RecordMesg r) {
        var timestamp = r.getTimestamp();
        Integer lat = r.getPositionLat();
        Integer lon = r.getPositionLong();
        if (timestamp == null || lat == null || lon == null) {
            return;
        }
        Float ele = r.getEnhancedAltitude() != null ? r.getEnhancedAltitude() : r.getAltitude();
        Short hr = r.getHeartRate();
        Short cad = r.getCadence();
        points.add(
                timestamp.getDate().toInstant(),
                lat * SEMICIRCLES_TO_DEGREES,
                lon * SEMICIRCLES_TO_DEGREES,
                ele == null ? Double.NaN : ele,
                hr == null ? -1 : hr,
                cad == null ? -1 : cad);
    }

    // --- writing

    /** A GPX 1.1 document with one track of one segment; times are start + t. */
    static byte[] writeGpx(
            @Nullable String name,
            String type,
            Instant start,
            double[] t,
            double[] lat,
            double[] lon,
            double @Nullable [] ele,
            double @Nullable [] hr) {
        var segment = TrackSegment.builder();
        DocumentBuilder dom = hr == null ? null : documentBuilder();
        for (int i = 0; i < t.length; i++) {
            var point = WayPoint.builder().time(start.plusMillis(Math.round(t[i] * 1000)));
            if (ele != null && Double.isFinite(ele[i])) {
                point.ele(ele[i]);
            }
            if (dom != null && hr != null && hr[i] > 0) {
                point.extensions(heartRate(dom, (int) Math.round(hr[i])));
            }
            segment.addPoint(point.build(lat[i], lon[i]));
        }
        var track = Track.builder().type(type).addSegment(segment.build());
        if (name != null) {
            track.name(name);
        }
        var gpx = GPX.builder(GPX.Version.V11, "Strideline")
                .addTrack(track.build())
                .build();
        var out = new ByteArrayOutputStream(t.length * 120 + 512);
        try {
            GPX.Writer.of(GPX.Writer.Indent.NULL, 8).write(gpx, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing GPX to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Garmin's TrackPointExtension with the heart rate, as Garmin and Strava write it. */
    private static Document heartRate(DocumentBuilder dom, int hr) {
        Document doc = dom.newDocument();
        var extensions = doc.createElementNS(GPX_NS_11, "extensions");
        var tpx = doc.createElementNS(TPX_NS, "gpxtpx:TrackPointExtension");
        var value = doc.createElementNS(TPX_NS, "gpxtpx:hr");
        value.setTextContent(Integer.toString(hr));
        tpx.appendChild(value);
        extensions.appendChild(tpx);
        doc.appendChild(extensions);
        return doc;
    }

    private static DocumentBuilder documentBuilder() {
        try {
            var factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM is missing", e);
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : abbreviate(m);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    /** Collects points, refusing absurd values; keeps the first of points that go back in time. */
    static final class Points {
        private final int max;
        private int n;
        private long[] millis = new long[1024];
        private double[] lat = new double[1024];
        private double[] lon = new double[1024];
        private double[] ele = new double[1024];
        private int[] hr = new int[1024];
        private int[] cad = new int[1024];
        private boolean anyEle;
        private boolean anyHr;
        private boolean anyCad;

        Points(int max) {
            this.max = max;
        }

        int size() {
            return n;
        }

        void add(Instant time, double latitude, double longitude, double elevation, int heartRate, int cadence) {
            int index = n;
            if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
                throw invalid("Point " + index + " has coordinates out of range: " + latitude + ", " + longitude);
            }
            if (!Double.isNaN(elevation) && !(elevation >= -1000 && elevation <= 10_000)) {
                throw invalid("Point " + index + " has an elevation out of range: " + elevation);
            }
            if (heartRate > 300 || cadence > 400) {
                throw invalid("Point " + index + " has a heart rate or cadence out of range.");
            }
            long ms = time.toEpochMilli();
            if (n > 0 && ms < millis[n - 1]) {
                return;
            }
            if (n == max) {
                throw invalid("The file has more than " + max + " track points.");
            }
            if (n == millis.length) {
                int size = n * 2;
                millis = Arrays.copyOf(millis, size);
                lat = Arrays.copyOf(lat, size);
                lon = Arrays.copyOf(lon, size);
                ele = Arrays.copyOf(ele, size);
                hr = Arrays.copyOf(hr, size);
                cad = Arrays.copyOf(cad, size);
            }
            millis[n] = ms;
            lat[n] = latitude;
            lon[n] = longitude;
            ele[n] = elevation;
            hr[n] = heartRate;
            cad[n] = cadence;
            anyEle |= !Double.isNaN(elevation);
            anyHr |= heartRate >= 0;
            anyCad |= cadence >= 0;
            n++;
        }

        ParsedTrack build(String format, @Nullable String sport, @Nullable String name) {
            if (n < 2) {
                throw invalid("The file has fewer than 2 track points with a time and a position.");
            }
            long first = millis[0];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = (millis[i] - first) / 1000.0;
            }
            return new ParsedTrack(
                    format,
                    sport,
                    name,
                    Instant.ofEpochMilli(first),
                    t,
                    Arrays.copyOf(lat, n),
                    Arrays.copyOf(lon, n),
                    anyEle ? fill(Arrays.copyOf(ele, n)) : null,
                    anyHr ? fill(Arrays.copyOf(hr, n)) : null,
                    anyCad ? fill(Arrays.copyOf(cad, n)) : null);
        }

        /** Gaps take the value before them (the first known one at the start): streams have no holes. */
        private static double[] fill(double[] values) {
            double last = Double.NaN;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    last = v;
                    break;
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    values[i] = last;
                } else {
                    last = values[i];
                }
            }
            return values;
        }

        private static int[] fill(int[] values) {
            int last = 0;
            for (int v : values) {
                if (v >= 0) {
                    last = v;
                    break;
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0) {
                    values[i] = last;
                } else {
                    last = values[i];
                }
            }
            return values;
        }
    }

    static String activityType(@Nullable String sport) {
        if (sport == null) {
            return "run";
        }
        String s = sport.toLowerCase(Locale.ROOT);
        for (var entry : List.of(
                List.of("run", "run"),
                List.of("bik", "ride"),
                List.of("cycl", "ride"),
                List.of("ride", "ride"),
                List.of("hik", "hike"),
                List.of("walk", "walk"),
                List.of("swim", "swim"),
                List.of("training", "workout"),
                List.of("fitness", "workout"),
                List.of("workout", "workout"))) {
            if (s.contains(entry.get(0))) {
                return entry.get(1);
            }
        }
        return "other".equals(s) ? "other" : "run";
    }
}
