package io.strideline.track;

import io.strideline.platform.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Reads GPX 1.0/1.1, TCX and FIT files (each optionally gzipped) into a {@link Recording}, and
 * writes GPX 1.1. Every failure is the client's: {@code 422 invalid_file} naming the format and the
 * reason in plain words (never an exception's class name), {@code 415 unsupported_file} for other
 * content, never a 500 and never a resolved external entity.
 */
public final class TrackFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TrackFiles.class);

    private TrackFiles() {}

    /** Reads whichever supported format the content is (detected by content, not by a file name). */
    public static Recording read(byte[] content, int maxPoints) {
        if (FitReader.isFit(content)) {
            return guarded(TrackFormat.FIT, () -> plausible(FitReader.read(content, maxPoints)));
        }
        return switch (Xml.rootElement(content)) {
            case "gpx" -> guarded(TrackFormat.GPX, () -> plausible(GpxReader.read(content, maxPoints)));
            case "TrainingCenterDatabase" ->
                guarded(TrackFormat.TCX, () -> plausible(TcxReader.read(content, maxPoints)));
            default -> throw unsupported();
        };
    }

    /**
     * Runs the reading or analysis of an uploaded file: a failure that is no refusal of the file
     * (a defect of ours that an unusual file reaches, such as the leg boundaries of a GPX with an
     * untimed track once were) still answers the uploader about their file, {@code 422
     * invalid_file}, not a 500, and is logged with its stack for a fix.
     */
    public static <T> T guarded(TrackFormat format, Supplier<T> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("reading or analysing an uploaded {} file failed", format, e);
            throw invalid(format, "Strideline failed on its content (a fault of ours, logged to be fixed)");
        }
    }

    /**
     * Inflates gzip content (detected by its magic bytes) up to {@code max} bytes; anything else
     * is returned as it is.
     */
    public static byte[] inflateIfGzip(byte[] content, long max) {
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
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT, "invalid_file", "The gzip content is corrupt or truncated.");
        }
    }

    /**
     * A GPX 1.1 document of the track: one {@code <trk>} per leg (its sport as {@code <type>}, the
     * device's totals in a Strideline extension, and a mark when the leg follows the one before
     * without a pause, so that it reads back without a gap), one {@code <trkseg>} per part, and every stream
     * in Garmin's TrackPointExtension (hr, cad, atemp, speed) and PowerExtension (power).
     *
     * @param start the time the track's {@code t} counts from; null for a path without times
     */
    public static byte[] writeGpx(
            @Nullable String name, @Nullable String description, @Nullable Instant start, Track track, List<Leg> legs) {
        return GpxWriter.write(name, description, start, track, legs);
    }

    /** The one problem of every unreadable file. */
    static ApiException invalid(TrackFormat format, String reason) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid_file",
                "The " + format.name() + " file cannot be read: " + reason + ".");
    }

    static ApiException unsupported() {
        return new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_file",
                "Supported files: GPX 1.0/1.1, TCX and FIT, each optionally gzipped.");
    }

    static String abbreviate(String s) {
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }

    /**
     * Drops a leg's device summary when its points contradict it: a summary for more than twice the
     * distance the points cover (or less than half of it), or a timer longer than the points' time
     * span, describes another recording than the one in the file (a file trimmed or merged after
     * the device wrote it). The points are then all there is.
     */
    private static Recording plausible(Recording recording) {
        Track track = recording.track();
        double[] t = track.t();
        if (t == null || t.length < 2) {
            return recording;
        }
        double[] along = Geodesy.cumulative(track);
        var legs = recording.legs().stream()
                .map(leg -> {
                    DeviceSummary device = leg.device();
                    if (device == null || leg.to() - leg.from() < 2) {
                        return leg;
                    }
                    double span = t[leg.to() - 1] - t[leg.from()];
                    double covered = along[leg.to() - 1] - along[leg.from()];
                    Double distance = device.distanceMeters();
                    Double timer = device.timerSeconds();
                    boolean contradicts = (track.hasPositions()
                                    && distance != null
                                    && covered > 100
                                    && (distance > 2 * covered || distance < covered / 2))
                            || (timer != null && timer > span + 60);
                    return contradicts
                            ? new Leg(leg.sport(), leg.subSport(), leg.start(), leg.from(), leg.to(), null)
                            : leg;
                })
                .toList();
        return new Recording(
                recording.format(), recording.name(), recording.description(), recording.start(), track, legs);
    }
}
