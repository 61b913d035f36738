package io.strideline.track;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Garmin's Training Center XML: one leg per {@code <Activity>} (its {@code Sport}), the laps'
 * totals as the device's summary, one part per {@code <Track>} (devices begin a new one after a
 * pause). Trackpoints without a position still carry time and heart rate: an indoor activity is
 * all of those, and keeps them.
 */
final class TcxReader {

    private TcxReader() {}

    /** The totals of one activity's laps as they are read. */
    private static final class Laps {
        final @Nullable String sport;
        final int firstSample;

        @Nullable
        Instant start;

        double seconds;
        double meters;
        int calories;
        double maxSpeed = Double.NaN;
        double heartBeats; // average heart rate × seconds, to average over the laps
        double heartSeconds;
        boolean anySeconds;
        boolean anyMeters;

        Laps(@Nullable String sport, int firstSample) {
            this.sport = sport;
            this.firstSample = firstSample;
        }

        @Nullable
        DeviceSummary summary() {
            if (!anySeconds && !anyMeters) {
                return null;
            }
            return new DeviceSummary(
                    anyMeters ? meters : null,
                    anySeconds ? seconds : null,
                    null,
                    null,
                    null,
                    heartSeconds > 0 ? (int) Math.round(heartBeats / heartSeconds) : null,
                    calories,
                    Double.isNaN(maxSpeed) ? null : maxSpeed * 3.6);
        }
    }

    static Recording read(byte[] content, int maxPoints) {
        var samples = new Samples(TrackFormat.TCX, maxPoints);
        var activities = new ArrayList<Laps>();
        XMLStreamReader xml = null;
        try {
            xml = Xml.open(content);
            var path = new ArrayList<String>();
            Laps laps = null;
            double lapSeconds = 0;
            double lapHeartRate = Double.NaN;
            boolean inPoint = false;
            Instant time = null;
            double lat = Double.NaN;
            double lon = Double.NaN;
            double ele = Double.NaN;
            double speed = Double.NaN;
            double odometer = Double.NaN;
            int hr = -1;
            int cad = -1;
            int power = -1;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new Xml.ApiXml("documents with a DOCTYPE or entities are not accepted");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    String el = path.removeLast();
                    if (el.equals("Trackpoint")) {
                        inPoint = false;
                        if (time != null) {
                            samples.add(time, lat, lon, ele, hr, cad, power, speed, Double.NaN, odometer);
                        }
                    } else if (el.equals("Lap") && laps != null && !Double.isNaN(lapHeartRate)) {
                        laps.heartBeats += lapHeartRate * lapSeconds;
                        laps.heartSeconds += lapSeconds;
                    }
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String el = xml.getLocalName();
                String parent = path.isEmpty() ? "" : path.getLast();
                path.add(el);
                boolean consumed = true;
                switch (el) {
                    case "Activity" -> {
                        String sport = xml.getAttributeValue(null, "Sport");
                        laps = new Laps(sport == null ? null : sport.strip().toLowerCase(Locale.ROOT), samples.size());
                        activities.add(laps);
                        samples.breakHere();
                        consumed = false;
                    }
                    case "Lap" -> {
                        if (laps != null) {
                            String start = xml.getAttributeValue(null, "StartTime");
                            if (laps.start == null && start != null) {
                                laps.start = Xml.time(start);
                            }
                        }
                        lapSeconds = 0;
                        lapHeartRate = Double.NaN;
                        consumed = false;
                    }
                    case "Track" -> {
                        samples.breakHere();
                        consumed = false;
                    }
                    case "Trackpoint" -> {
                        inPoint = true;
                        time = null;
                        lat = lon = ele = speed = odometer = Double.NaN;
                        hr = cad = power = -1;
                        consumed = false;
                    }
                    default -> consumed = false;
                }
                if (inPoint) {
                    consumed = true;
                    switch (el) {
                        case "Time" -> time = Xml.time(xml.getElementText());
                        case "LatitudeDegrees" -> lat = Xml.number(xml.getElementText());
                        case "LongitudeDegrees" -> lon = Xml.number(xml.getElementText());
                        case "AltitudeMeters" -> ele = Xml.number(xml.getElementText());
                        case "Value" -> {
                            if (parent.equals("HeartRateBpm")) {
                                hr = integer(xml.getElementText());
                            } else {
                                consumed = false;
                            }
                        }
                        // Cadence for rides, the extension's RunCadence for runs
                        case "Cadence", "RunCadence" -> cad = integer(xml.getElementText());
                        case "DistanceMeters" -> odometer = Xml.number(xml.getElementText());
                        case "Watts" -> power = integer(xml.getElementText());
                        case "Speed" -> speed = Xml.number(xml.getElementText());
                        default -> consumed = false;
                    }
                } else if (laps != null && parent.equals("Lap")) {
                    consumed = true;
                    switch (el) {
                        case "TotalTimeSeconds" -> {
                            lapSeconds = Xml.number(xml.getElementText());
                            laps.seconds += lapSeconds;
                            laps.anySeconds = true;
                        }
                        case "DistanceMeters" -> {
                            laps.meters += Xml.number(xml.getElementText());
                            laps.anyMeters = true;
                        }
                        case "Calories" -> laps.calories += integer(xml.getElementText());
                        case "MaximumSpeed" ->
                            laps.maxSpeed = Double.isNaN(laps.maxSpeed)
                                    ? Xml.number(xml.getElementText())
                                    : Math.max(laps.maxSpeed, Xml.number(xml.getElementText()));
                        default -> consumed = false;
                    }
                } else if (laps != null && parent.equals("AverageHeartRateBpm") && el.equals("Value")) {
                    lapHeartRate = Xml.number(xml.getElementText());
                    consumed = true; // read up to its end: else the path keeps it and </Lap> goes unseen
                } else {
                    consumed = false;
                }
                if (consumed) {
                    path.removeLast(); // its text was read up to its end element
                }
            }
        } catch (Xml.ApiXml e) {
            throw TrackFiles.invalid(TrackFormat.TCX, e.getMessage());
        } catch (XMLStreamException e) {
            throw TrackFiles.invalid(TrackFormat.TCX, Xml.malformed(e));
        } finally {
            Xml.close(xml);
        }
        if (samples.size() < 2) {
            throw TrackFiles.invalid(TrackFormat.TCX, "it has fewer than 2 trackpoints with a time");
        }
        Instant start = activities.isEmpty() ? null : activities.getFirst().start;
        long[] times = samples.times();
        Instant first = Instant.ofEpochMilli(times[0]);
        if (start == null || start.isAfter(first)) {
            start = first;
        }
        int added = samples.size();
        Track track = samples.build(start);
        var legs = new ArrayList<Leg>();
        for (int i = 0; i < activities.size(); i++) {
            Laps a = activities.get(i);
            // counted while reading: where they lie once the points without a position are dropped
            int from = samples.kept(a.firstSample);
            int to = samples.kept(i + 1 < activities.size() ? activities.get(i + 1).firstSample : added);
            if (to > from) {
                legs.add(new Leg(a.sport, null, a.start, from, to, a.summary()));
            }
        }
        int n = track.size();
        if (legs.isEmpty()) {
            legs.add(new Leg(null, null, start, 0, n, null));
        }
        return new Recording(TrackFormat.TCX, null, null, start, track, List.copyOf(legs));
    }

    private static int integer(String text) {
        return (int) Math.round(Xml.number(text));
    }
}
