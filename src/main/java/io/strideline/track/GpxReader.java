package io.strideline.track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * GPX 1.0 and 1.1 (and the many files that only look like them: no {@code version}, another
 * namespace, a stylesheet instruction, a byte order mark). Track points of every track and
 * segment in order, each segment and track a part of its own (but for a track our own export
 * marks as continuing the one before: a multisport leg begun without a pause); route points when there are no
 * track points. Garmin's TrackPointExtension (v1 and v2), its PowerExtension and the plain
 * {@code <power>} of Strava are read by local name, whatever their prefix.
 */
final class GpxReader {

    /** A metadata time at most this long before the first point is when the recording began. */
    private static final Duration START_BEFORE_FIRST_POINT = Duration.ofHours(12);

    private GpxReader() {}

    /** One {@code <trk>}: its type and the device totals our own export writes into it. */
    private record Part(
            @Nullable String type,
            int firstSample,
            @Nullable DeviceSummary device) {}

    static Recording read(byte[] content, int maxPoints) {
        var trk = new Samples(TrackFormat.GPX, maxPoints);
        var rte = new Samples(TrackFormat.GPX, maxPoints);
        var parts = new ArrayList<Part>();
        String name = null;
        String description = null;
        Instant metadataTime = null;
        XMLStreamReader xml = null;
        try {
            xml = Xml.open(content);
            // where we are: the element names from the root down
            var path = new ArrayList<String>();
            Point point = null;
            String trackType = null;
            DeviceSummary trackSummary = null;
            int trackFirst = 0;
            boolean trackContinues = false; // our own export's mark of a leg begun without a pause
            boolean firstSegment = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new Xml.ApiXml("documents with a DOCTYPE or entities are not accepted");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    String el = path.removeLast();
                    if (point != null && (el.equals("trkpt") || el.equals("rtept"))) {
                        point.addTo(el.equals("trkpt") ? trk : rte);
                        point = null;
                    } else if (el.equals("trk")) {
                        parts.add(new Part(trackType, trackFirst, trackSummary));
                    }
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String el = xml.getLocalName();
                String parent = path.isEmpty() ? "" : path.getLast();
                path.add(el);
                if (path.size() == 1) {
                    continue; // <gpx>, checked by the caller
                }
                if (point != null) {
                    // inside a point: its own children and whatever its extensions carry
                    point.read(el, xml);
                    if (xml.getEventType() == XMLStreamConstants.END_ELEMENT) {
                        path.removeLast(); // the element text was read up to its end
                    }
                    continue;
                }
                switch (el) {
                    case "trk" -> {
                        trackType = null;
                        trackSummary = null;
                        trackFirst = trk.size();
                        trackContinues = false;
                        firstSegment = true;
                        trk.breakHere();
                    }
                    case "trkseg" -> {
                        if (firstSegment && trackContinues) {
                            trk.continueHere();
                        } else {
                            trk.breakHere();
                        }
                        firstSegment = false;
                    }
                    case "trkpt", "rtept" ->
                        point = new Point(attribute(xml, "lat"), attribute(xml, "lon"), trk.size() + rte.size());
                    case "rte" -> rte.breakHere();
                    case "type" -> {
                        if (parent.equals("trk")) {
                            trackType = blankToNull(xml.getElementText());
                            path.removeLast();
                        }
                    }
                    case "name", "desc" -> {
                        if (parent.equals("metadata") || parent.equals("trk") || parent.equals("gpx")) {
                            String text = blankToNull(xml.getElementText());
                            path.removeLast();
                            if (el.equals("name") && name == null) {
                                name = text;
                            } else if (el.equals("desc") && description == null) {
                                description = text;
                            }
                        }
                    }
                    case "time" -> {
                        if (parent.equals("metadata") || parent.equals("gpx")) {
                            metadataTime = Xml.time(xml.getElementText());
                            path.removeLast();
                        }
                    }
                    case GpxWriter.CONTINUES -> {
                        if (path.size() >= 3
                                && path.get(path.size() - 3).equals("trk")
                                && GpxWriter.SUMMARY.equals(xml.getNamespaceURI())) {
                            trackContinues = true;
                        }
                    }
                    case "summary" -> {
                        if (path.size() >= 3 && path.get(path.size() - 3).equals("trk")) {
                            trackSummary = GpxWriter.readSummary(xml);
                        }
                    }
                    default -> {}
                }
            }
        } catch (Xml.ApiXml e) {
            throw TrackFiles.invalid(TrackFormat.GPX, e.getMessage());
        } catch (XMLStreamException e) {
            throw TrackFiles.invalid(TrackFormat.GPX, Xml.malformed(e));
        } finally {
            Xml.close(xml);
        }
        boolean routeOnly = trk.size() == 0;
        Samples points = routeOnly ? rte : trk;
        if (points.size() < 2) {
            throw TrackFiles.invalid(TrackFormat.GPX, "it has fewer than 2 track or route points");
        }
        // the legs: tracks of different types are the legs of a multisport recording
        long[] rawTimes = points.times();
        int added = points.size();
        Track draft = points.build(null);
        Instant first = draft.t() == null ? null : firstTime(rawTimes);
        Instant start = first;
        if (first != null
                && metadataTime != null
                && !metadataTime.isAfter(first)
                && metadataTime.isAfter(first.minus(START_BEFORE_FIRST_POINT))) {
            start = metadataTime;
        }
        Track track = start == null || start.equals(first) ? draft : points.build(start);
        var legs = legs(routeOnly ? List.of() : kept(parts, points, added), track, start, points.size());
        return new Recording(TrackFormat.GPX, name, description, start, track, legs);
    }

    private static @Nullable Instant firstTime(long[] millis) {
        for (long ms : millis) {
            if (ms != Long.MIN_VALUE) {
                return Instant.ofEpochMilli(ms);
            }
        }
        return null;
    }

    /**
     * The tracks as they lie in the built track, without those left with no point: an empty
     * {@code <trk>}, or an untimed one in a file whose other tracks have times (its points are
     * dropped, see {@link Samples#compact}). Neither is a leg, and neither makes a file of one
     * sport multisport by its {@code <type>} (GPSBabel's hike in three tracks, one untimed).
     */
    private static List<Part> kept(List<Part> parts, Samples points, int added) {
        var kept = new ArrayList<Part>();
        for (int i = 0; i < parts.size(); i++) {
            int from = points.kept(parts.get(i).firstSample());
            int to = points.kept(i + 1 < parts.size() ? parts.get(i + 1).firstSample() : added);
            if (to > from) {
                kept.add(new Part(parts.get(i).type(), from, parts.get(i).device()));
            }
        }
        return kept;
    }

    private static List<Leg> legs(List<Part> parts, Track track, @Nullable Instant start, int n) {
        boolean mixed = parts.stream().map(Part::type).distinct().count() > 1;
        if (!mixed) {
            String type = parts.isEmpty() ? null : parts.getFirst().type();
            var summaries = parts.stream().map(Part::device).toList();
            return List.of(new Leg(sport(type), null, start, 0, n, DeviceSummary.total(summaries)));
        }
        var legs = new ArrayList<Leg>();
        for (int i = 0; i < parts.size(); i++) {
            int from = parts.get(i).firstSample();
            int to = i + 1 < parts.size() ? parts.get(i + 1).firstSample() : n;
            if (to <= from) {
                continue;
            }
            Instant legStart = start == null || track.t() == null
                    ? null
                    : start.plusMillis(Math.round(Objects.requireNonNull(track.t())[from] * 1000));
            legs.add(new Leg(
                    sport(parts.get(i).type()),
                    null,
                    legStart,
                    from,
                    to,
                    parts.get(i).device()));
        }
        return legs;
    }

    private static @Nullable String sport(@Nullable String type) {
        return type == null ? null : type.strip().toLowerCase(Locale.ROOT);
    }

    private static double attribute(XMLStreamReader xml, String name) {
        String value = xml.getAttributeValue(null, name);
        if (value == null) {
            throw new Xml.ApiXml("a point has no " + name + " attribute");
        }
        return Xml.number(value);
    }

    private static @Nullable String blankToNull(String text) {
        return text.isBlank() ? null : text.strip();
    }

    /** One trkpt or rtept while it is read. */
    private static final class Point {
        private final double lat;
        private final double lon;
        private final int index;
        private @Nullable Instant time;
        private double ele = Double.NaN;
        private int hr = -1;
        private int cad = -1;
        private int power = -1;
        private double speed = Double.NaN;
        private double temp = Double.NaN;

        Point(double lat, double lon, int index) {
            this.lat = lat;
            this.lon = lon;
            this.index = index;
        }

        /** Reads a child element of the point (or of its extensions) that carries a value. */
        void read(String element, XMLStreamReader xml) throws XMLStreamException {
            switch (element) {
                case "ele" -> ele = Xml.number(xml.getElementText());
                case "time" -> time = Xml.time(xml.getElementText());
                case "hr", "heartrate" -> hr = integer(xml.getElementText());
                case "cad", "cadence" -> cad = integer(xml.getElementText());
                case "power", "PowerInWatts", "watts" -> power = integer(xml.getElementText());
                case "speed" -> speed = Xml.number(xml.getElementText());
                case "atemp", "temp" -> temp = Xml.number(xml.getElementText());
                default -> {}
            }
        }

        void addTo(Samples samples) {
            if (Double.isNaN(lat) || Double.isNaN(lon)) {
                throw new Xml.ApiXml("point " + index + " has no position");
            }
            samples.add(time, lat, lon, ele, hr, cad, power, speed, temp, Double.NaN);
        }

        private static int integer(String text) {
            return (int) Math.round(Xml.number(text));
        }
    }
}
