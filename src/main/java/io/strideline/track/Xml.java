package io.strideline.track;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * The StAX reading of GPX and TCX: the JDK's own parser that never reads a DTD nor resolves an
 * entity (no XXE, no billion laughs), and a DOCTYPE refused outright, since no activity file needs
 * one. Elements are matched by local name, so any namespace (or none) and any prefix are read.
 */
final class Xml {

    private static final XMLInputFactory FACTORY = secureFactory();

    private Xml() {}

    private static XMLInputFactory secureFactory() {
        var factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return factory;
    }

    static XMLStreamReader open(byte[] content) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new ByteArrayInputStream(content));
    }

    /** The local name of the root element; 415 for content that is not XML at all. */
    static String rootElement(byte[] content) {
        if (!looksLikeXml(content)) {
            throw TrackFiles.unsupported();
        }
        XMLStreamReader xml = null;
        try {
            xml = open(content);
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new ApiXml("documents with a DOCTYPE are not accepted");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return xml.getLocalName();
                }
            }
            throw new ApiXml("the document has no root element");
        } catch (ApiXml e) {
            throw notReadable(e.getMessage());
        } catch (XMLStreamException e) {
            throw notReadable(malformed(e));
        } finally {
            close(xml);
        }
    }

    private static io.strideline.platform.ApiException notReadable(String reason) {
        return new io.strideline.platform.ApiException(
                org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid_file",
                "The XML file cannot be read: " + reason + ".");
    }

    /** A reason a file is refused, raised inside a reader's loop. */
    static final class ApiXml extends RuntimeException {
        ApiXml(String reason) {
            super(reason, null, false, false);
        }

        @Override
        public String getMessage() {
            return java.util.Objects.requireNonNull(super.getMessage(), "always given");
        }
    }

    /** Where the XML breaks, in words (the parser's own message names its classes). */
    static String malformed(XMLStreamException e) {
        var at = e.getLocation();
        return at == null || at.getLineNumber() < 0
                ? "it is not well-formed XML"
                : "it is not well-formed XML (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")";
    }

    private static boolean looksLikeXml(byte[] content) {
        int i = 0;
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }

    static void close(@Nullable XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // nothing to release that matters
            }
        }
    }

    static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiXml("'" + TrackFiles.abbreviate(text) + "' is not a number");
        }
    }

    /** ISO-8601; a time without an offset is taken as UTC, as Garmin writes it. */
    static Instant time(String text) {
        String s = text.trim();
        try {
            var parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt
                    ? odt.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ApiXml("'" + TrackFiles.abbreviate(s) + "' is not an ISO-8601 time");
        }
    }
}
