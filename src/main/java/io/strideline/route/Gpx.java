package io.strideline.route;

import io.strideline.platform.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * GPX 1.0/1.1 in and GPX 1.1 out, with the JDK's StAX. Reading is hardened against hostile files:
 * a DOCTYPE is refused outright (no DTD, so no internal or external entities, no XXE, no "billion
 * laughs"), and external DTD/schema access is switched off as a second line of defence. The
 * reader streams, so memory follows the number of points kept (at most {@link #MAX_POINTS}), not
 * the file size.
 */
final class Gpx {

    static final int MAX_POINTS = 50_000;

    static final String NS = "http://www.topografix.com/GPX/1/1";

    /** What a GPX file holds for a route: its first name and description, and its points. */
    record Parsed(@Nullable String name, @Nullable String description, Geometry geometry) {}

    private static final XMLInputFactory INPUT = hardenedFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private Gpx() {}

    private static XMLInputFactory hardenedFactory() {
        var factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /**
     * Track points (all tracks and segments, in order); a file without any takes its route
     * points. Waypoints are not part of a path and are ignored.
     */
    static Parsed read(InputStream in) {
        var trk = new Points();
        var rte = new Points();
        String name = null, description = null;
        var path = new ArrayDeque<String>();
        XMLStreamReader xml = null;
        try {
            xml = INPUT.createXMLStreamReader(in);
            boolean root = true;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw badFile("GPX files must not contain a DOCTYPE or entity declarations.");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    path.pop();
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String element = xml.getLocalName();
                if (root && !element.equals("gpx")) {
                    throw badFile("The file is not GPX (its root element is <" + element + ">).");
                }
                root = false;
                String parent = path.isEmpty() ? "" : path.peek();
                switch (element) {
                    case "trkpt", "rtept" -> {
                        var points = element.equals("trkpt") ? trk : rte;
                        points.add(xml, trk.size + rte.size);
                        path.push(element);
                    }
                    case "ele" -> {
                        String text = xml.getElementText(); // consumes the end tag
                        if (parent.equals("trkpt")) {
                            trk.elevation(text, trk.size + rte.size - 1);
                        } else if (parent.equals("rtept")) {
                            rte.elevation(text, trk.size + rte.size - 1);
                        }
                    }
                    case "name", "desc" -> {
                        if (parent.equals("metadata") || parent.equals("trk") || parent.equals("rte")) {
                            String text = xml.getElementText().strip();
                            if (element.equals("name") && name == null && !text.isEmpty()) {
                                name = text;
                            } else if (element.equals("desc") && description == null && !text.isEmpty()) {
                                description = text;
                            }
                        } else {
                            path.push(element);
                        }
                    }
                    default -> path.push(element);
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "invalid_gpx", "The file is not well-formed GPX: " + e.getMessage());
        } finally {
            close(xml);
        }
        var points = trk.size > 0 ? trk : rte;
        if (points.size < 2) {
            throw ApiException.invalid("file", "must contain at least 2 track or route points");
        }
        return new Parsed(name, description, points.geometry());
    }

    private static ApiException badFile(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_gpx", message);
    }

    private static void close(@Nullable XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // nothing was written; the upload is dropped either way
            }
        }
    }

    /** Growing parallel arrays of one kind of point. */
    private static final class Points {
        double[] lat = new double[256];
        double[] lon = new double[256];
        double[] ele = new double[256];
        int size;

        void add(XMLStreamReader xml, int seen) {
            if (seen >= MAX_POINTS) {
                throw ApiException.invalid("file", "has more than " + MAX_POINTS + " points");
            }
            if (size == lat.length) {
                lat = java.util.Arrays.copyOf(lat, size * 2);
                lon = java.util.Arrays.copyOf(lon, size * 2);
                ele = java.util.Arrays.copyOf(ele, size * 2);
            }
            lat[size] = coordinate(xml.getAttributeValue(null, "lat"), 90, "lat", seen);
            lon[size] = coordinate(xml.getAttributeValue(null, "lon"), 180, "lon", seen);
            ele[size] = Double.NaN;
            size++;
        }

        void elevation(String text, int index) {
            if (size == 0) {
                return;
            }
            double value = number(text.strip());
            if (!Double.isFinite(value) || value < RouteService.MIN_ELE || value > RouteService.MAX_ELE) {
                throw ApiException.invalid(
                        "file",
                        "point " + index + ": ele must be between " + RouteService.MIN_ELE + " and "
                                + RouteService.MAX_ELE);
            }
            ele[size - 1] = value;
        }

        Geometry geometry() {
            var e = java.util.Arrays.copyOf(ele, size);
            return new Geometry(
                    java.util.Arrays.copyOf(lat, size),
                    java.util.Arrays.copyOf(lon, size),
                    Geometry.elevationsOrNull(e));
        }

        private static double coordinate(@Nullable String text, double max, String what, int index) {
            double value = text == null ? Double.NaN : number(text.strip());
            if (!(value >= -max && value <= max)) {
                throw ApiException.invalid(
                        "file", "point " + index + ": " + what + " must be a number between -" + max + " and " + max);
            }
            return value;
        }

        private static double number(String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    /** A GPX 1.1 document with the route as one track ({@code trk}), which every app imports. */
    static byte[] write(String name, @Nullable String description, Instant created, Geometry g) {
        var bytes = new ByteArrayOutputStream(64 + g.size() * 80);
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(NS);
            xml.writeStartElement(NS, "gpx");
            xml.writeDefaultNamespace(NS);
            xml.writeNamespace("xsi", XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI);
            xml.writeAttribute("version", "1.1");
            xml.writeAttribute("creator", "Strideline");
            xml.writeAttribute(
                    XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI,
                    "schemaLocation",
                    NS + " http://www.topografix.com/GPX/1/1/gpx.xsd");
            xml.writeStartElement(NS, "metadata");
            text(xml, "name", name);
            if (description != null) {
                text(xml, "desc", description);
            }
            text(xml, "time", created.toString());
            xml.writeEndElement();
            xml.writeStartElement(NS, "trk");
            text(xml, "name", name);
            xml.writeStartElement(NS, "trkseg");
            for (int i = 0; i < g.size(); i++) {
                xml.writeStartElement(NS, "trkpt");
                xml.writeAttribute("lat", number(g.lat()[i]));
                xml.writeAttribute("lon", number(g.lon()[i]));
                var ele = g.ele();
                if (ele != null && !Double.isNaN(ele[i])) {
                    text(xml, "ele", number(ele[i]));
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing GPX failed", e);
        }
        return bytes.toByteArray();
    }

    private static void text(XMLStreamWriter xml, String element, String value) throws XMLStreamException {
        xml.writeStartElement(NS, element);
        xml.writeCharacters(xmlSafe(value));
        xml.writeEndElement();
    }

    /** Plain decimal notation (GPX's xsd:decimal has no exponent), shortest round-trip digits. */
    private static String number(double value) {
        return new java.math.BigDecimal(Double.toString(value)).toPlainString();
    }

    /** Drops characters XML 1.0 cannot carry (controls other than tab and newlines). */
    private static String xmlSafe(String value) {
        var out = new StringBuilder(value.length());
        value.codePoints()
                .filter(c -> c == 0x9
                        || c == 0xA
                        || c == 0xD
                        || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c != 0xFFFE && c != 0xFFFF))
                .forEach(out::appendCodePoint);
        return out.toString();
    }
}
