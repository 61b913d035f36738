package io.strideline.track;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/** The one GPX writer (see {@link TrackFiles#writeGpx}). */
final class GpxWriter {

    static final String GPX = "http://www.topografix.com/GPX/1/1";
    static final String TPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";
    static final String PWR = "http://www.garmin.com/xmlschemas/PowerExtension/v1";
    /** Our own extension: the device's totals of a track, so that an export imports as it was. */
    static final String SUMMARY = "https://strideline.io/xmlschemas/DeviceSummary/v1";
    /**
     * The empty element (in {@link #SUMMARY}'s namespace, in a {@code <trk>}'s extensions) of a
     * track that continues the one before it without a pause: the step from the previous track's
     * last point counts, as it did in the recording the file was written from.
     */
    static final String CONTINUES = "continues";

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    private GpxWriter() {}

    static byte[] write(
            @Nullable String name, @Nullable String description, @Nullable Instant start, Track track, List<Leg> legs) {
        var out = new ByteArrayOutputStream(track.size() * 160 + 1024);
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(GPX);
            xml.writeStartElement(GPX, "gpx");
            xml.writeDefaultNamespace(GPX);
            xml.writeNamespace("gpxtpx", TPX);
            xml.writeNamespace("gpxpx", PWR);
            xml.writeNamespace("sl", SUMMARY);
            xml.writeAttribute("version", "1.1");
            xml.writeAttribute("creator", "Strideline");
            xml.writeStartElement(GPX, "metadata");
            text(xml, "name", name);
            text(xml, "desc", description);
            if (start != null) {
                text(xml, "time", start.toString());
            }
            xml.writeEndElement();
            var parts = legs.isEmpty() ? List.of(new Leg(null, null, start, 0, track.size(), null)) : legs;
            for (var stated : parts) {
                // activities imported before the GPX reader counted its legs in the kept points
                // carry legs past their track's end: their points are the ones there are
                var leg = new Leg(
                        stated.sport(),
                        stated.subSport(),
                        stated.start(),
                        Math.min(stated.from(), track.size()),
                        Math.min(stated.to(), track.size()),
                        stated.device());
                if (leg.to() <= leg.from() && parts.size() > 1) {
                    continue;
                }
                xml.writeStartElement(GPX, "trk");
                if (parts.size() == 1) {
                    text(xml, "name", name);
                }
                text(xml, "type", leg.sport());
                // a new leg without a pause (a triathlon's transition): a new <trk> would be a gap
                boolean continues = leg.from() > 0 && leg.from() < track.size() && track.continues(leg.from());
                if (leg.device() != null || continues) {
                    xml.writeStartElement(GPX, "extensions");
                    if (leg.device() != null) {
                        writeSummary(xml, leg.device());
                    }
                    if (continues) {
                        xml.writeEmptyElement(SUMMARY, CONTINUES);
                    }
                    xml.writeEndElement();
                }
                xml.writeStartElement(GPX, "trkseg");
                for (int i = leg.from(); i < leg.to(); i++) {
                    if (i > leg.from() && !track.continues(i)) {
                        xml.writeEndElement();
                        xml.writeStartElement(GPX, "trkseg");
                    }
                    point(xml, track, i, start);
                }
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing GPX to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void point(XMLStreamWriter xml, Track track, int i, @Nullable Instant start)
            throws XMLStreamException {
        double[] lat = java.util.Objects.requireNonNull(track.lat(), "an exported track has positions");
        double[] lon = java.util.Objects.requireNonNull(track.lon(), "an exported track has positions");
        xml.writeStartElement(GPX, "trkpt");
        xml.writeAttribute("lat", Double.toString(lat[i]));
        xml.writeAttribute("lon", Double.toString(lon[i]));
        if (track.ele() != null) {
            text(xml, "ele", Double.toString(track.ele()[i]));
        }
        if (track.t() != null && start != null) {
            text(xml, "time", start.plusMillis(Math.round(track.t()[i] * 1000)).toString());
        }
        boolean tpx = track.hr() != null || track.cad() != null || track.temp() != null || track.speed() != null;
        if (tpx || track.power() != null) {
            xml.writeStartElement(GPX, "extensions");
            if (track.power() != null) {
                xml.writeStartElement(PWR, "PowerInWatts");
                xml.writeCharacters(Integer.toString(track.power()[i]));
                xml.writeEndElement();
            }
            if (tpx) {
                // the schema's order: atemp, wtemp, depth, hr, cad, speed
                xml.writeStartElement(TPX, "TrackPointExtension");
                if (track.temp() != null) {
                    element(xml, TPX, "atemp", Double.toString(track.temp()[i]));
                }
                if (track.hr() != null) {
                    element(xml, TPX, "hr", Integer.toString(track.hr()[i]));
                }
                if (track.cad() != null) {
                    element(xml, TPX, "cad", Integer.toString(track.cad()[i]));
                }
                if (track.speed() != null) {
                    element(xml, TPX, "speed", Double.toString(track.speed()[i]));
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void writeSummary(XMLStreamWriter xml, DeviceSummary d) throws XMLStreamException {
        xml.writeEmptyElement(SUMMARY, "summary");
        attribute(xml, "distance_m", d.distanceMeters());
        attribute(xml, "timer_s", d.timerSeconds());
        attribute(xml, "elapsed_s", d.elapsedSeconds());
        attribute(xml, "ascent_m", d.ascentMeters());
        attribute(xml, "descent_m", d.descentMeters());
        attribute(
                xml,
                "avg_hr",
                d.avgHeartRate() == null ? null : d.avgHeartRate().doubleValue());
        attribute(xml, "calories", d.calories() == null ? null : d.calories().doubleValue());
        attribute(xml, "max_speed_kmh", d.maxSpeedKmh());
    }

    /** Reads the summary {@link #writeSummary} wrote (the reader is on its start element). */
    static DeviceSummary readSummary(XMLStreamReader xml) {
        Double avgHr = attribute(xml, "avg_hr");
        Double calories = attribute(xml, "calories");
        return new DeviceSummary(
                attribute(xml, "distance_m"),
                attribute(xml, "timer_s"),
                attribute(xml, "elapsed_s"),
                attribute(xml, "ascent_m"),
                attribute(xml, "descent_m"),
                avgHr == null ? null : (int) Math.round(avgHr),
                calories == null ? null : (int) Math.round(calories),
                attribute(xml, "max_speed_kmh"));
    }

    private static @Nullable Double attribute(XMLStreamReader xml, String name) {
        String value = xml.getAttributeValue(null, name);
        if (value == null) {
            return null;
        }
        double number = Xml.number(value);
        if (!Double.isFinite(number) || number < 0) {
            throw new Xml.ApiXml("the summary's " + name + " must be a number of at least 0");
        }
        return number;
    }

    private static void attribute(XMLStreamWriter xml, String name, @Nullable Double value) throws XMLStreamException {
        if (value != null) {
            xml.writeAttribute(name, String.format(Locale.ROOT, "%s", value));
        }
    }

    private static void text(XMLStreamWriter xml, String element, @Nullable String value) throws XMLStreamException {
        if (value != null) {
            element(xml, GPX, element, value);
        }
    }

    private static void element(XMLStreamWriter xml, String ns, String element, String value)
            throws XMLStreamException {
        xml.writeStartElement(ns, element);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }
}
