package io.strideline.track;

import com.garmin.fit.BufferedMesgBroadcaster;
import com.garmin.fit.Decode;
import com.garmin.fit.Event;
import com.garmin.fit.EventMesg;
import com.garmin.fit.EventType;
import com.garmin.fit.FitRuntimeException;
import com.garmin.fit.MesgListener;
import com.garmin.fit.MesgNum;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import com.garmin.fit.SubSport;
import com.garmin.fit.plugins.HrToRecordMesgBroadcastPlugin;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * FIT activity files with the Garmin FIT SDK: records for the streams, timer events for the pauses
 * (records between a timer stop and the next start, and the step across it, are no part of the
 * recording), and one leg per session with the session's totals as the device's summary. Chained
 * files (a FIT file after another in the same bytes, as multisport watches write them) are read
 * to the end.
 */
final class FitReader {

    private static final double SEMICIRCLES_TO_DEGREES = 180.0 / 2147483648.0;

    private FitReader() {}

    static boolean isFit(byte[] content) {
        // header: size (12 or 14), protocol, profile (2), data size (4), ".FIT"
        return content.length >= 12
                && (content[0] == 12 || content[0] == 14)
                && content[8] == '.'
                && content[9] == 'F'
                && content[10] == 'I'
                && content[11] == 'T';
    }

    private record Session(
            @Nullable String sport, @Nullable String subSport, Instant start, Instant end, DeviceSummary device) {}

    static Recording read(byte[] content, int maxPoints) {
        var samples = new Samples(TrackFormat.FIT, maxPoints);
        var sessions = new ArrayList<Session>();
        boolean[] stopped = {false};
        try {
            // the CRC check catches truncated and altered files before any record is used
            if (!new Decode().checkFileIntegrity(new ByteArrayInputStream(content))) {
                throw TrackFiles.invalid(TrackFormat.FIT, "it is truncated or corrupt (size or CRC mismatch)");
            }
            var in = new ByteArrayInputStream(content);
            var decode = new Decode();
            while (in.available() > 0) {
                // buffered, so the SDK's plugin can put the heart rates a swim strap stores apart
                // (hr messages) into the records they belong to before anyone reads them
                var broadcaster = new BufferedMesgBroadcaster(decode);
                broadcaster.registerMesgBroadcastPlugin(new HrToRecordMesgBroadcastPlugin());
                broadcaster.addListener((MesgListener) mesg -> {
                    switch (mesg.getNum()) {
                        case MesgNum.RECORD -> {
                            if (stopped[0]) {
                                samples.breakHere(); // recorded while paused: not counted, nor the step to it
                            }
                            addRecord(samples, new RecordMesg(mesg));
                        }
                        case MesgNum.EVENT -> {
                            var event = new EventMesg(mesg);
                            if (event.getEvent() == Event.TIMER && event.getEventType() != null) {
                                boolean stop = event.getEventType() != EventType.START;
                                if (!stop && stopped[0]) {
                                    samples.breakHere();
                                }
                                stopped[0] = stop;
                            }
                        }
                        case MesgNum.SESSION -> session(new SessionMesg(mesg), sessions);
                        default -> {}
                    }
                });
                decode.read(in, broadcaster, broadcaster);
                broadcaster.broadcast();
                decode.nextFile();
            }
        } catch (FitRuntimeException e) {
            throw TrackFiles.invalid(TrackFormat.FIT, "it cannot be decoded (" + plain(e) + ")");
        }
        if (samples.size() == 0 && sessions.isEmpty()) {
            throw TrackFiles.invalid(TrackFormat.FIT, "it holds no activity records");
        }
        sessions.sort(Comparator.comparing(Session::start));
        long[] raw = samples.times();
        Instant start = !sessions.isEmpty() ? sessions.getFirst().start() : Instant.ofEpochMilli(raw[0]);
        Track track = samples.build(start);
        return new Recording(TrackFormat.FIT, null, null, start, track, legs(sessions, track, start));
    }

    /** Every point belongs to the session it lies in (or the nearest one before it). */
    private static List<Leg> legs(List<Session> sessions, Track track, Instant start) {
        int n = track.size();
        if (sessions.isEmpty()) {
            return List.of(new Leg(null, null, start, 0, n, null));
        }
        double[] t = java.util.Objects.requireNonNull(track.t(), "FIT records have times");
        var legs = new ArrayList<Leg>();
        int from = 0;
        for (int s = 0; s < sessions.size(); s++) {
            var session = sessions.get(s);
            int to = n;
            if (s + 1 < sessions.size()) {
                double next = (sessions.get(s + 1).start().toEpochMilli() - start.toEpochMilli()) / 1000.0;
                to = from;
                while (to < n && t[to] < next) {
                    to++;
                }
            }
            legs.add(new Leg(session.sport(), session.subSport(), session.start(), from, to, session.device()));
            from = to;
        }
        return legs;
    }

    private static void session(SessionMesg s, List<Session> sessions) {
        if (s.getStartTime() == null) {
            return;
        }
        Instant start = s.getStartTime().getDate().toInstant();
        Float elapsed = s.getTotalElapsedTime();
        Instant end = elapsed == null ? start : start.plusMillis(Math.round(elapsed * 1000));
        Float maxSpeed = s.getEnhancedMaxSpeed() != null ? s.getEnhancedMaxSpeed() : s.getMaxSpeed();
        var device = new DeviceSummary(
                number(s.getTotalDistance()),
                number(s.getTotalTimerTime()),
                number(elapsed),
                s.getTotalAscent() == null ? null : s.getTotalAscent().doubleValue(),
                s.getTotalDescent() == null ? null : s.getTotalDescent().doubleValue(),
                s.getAvgHeartRate() == null ? null : s.getAvgHeartRate().intValue(),
                s.getTotalCalories(),
                maxSpeed == null ? null : Math.round(maxSpeed * 36) / 10.0);
        sessions.add(new Session(name(s.getSport()), name(s.getSubSport()), start, end, device));
    }

    private static void addRecord(Samples samples, RecordMesg r) {
        var timestamp = r.getTimestamp();
        if (timestamp == null) {
            return;
        }
        Integer lat = r.getPositionLat();
        Integer lon = r.getPositionLong();
        Float ele = r.getEnhancedAltitude() != null ? r.getEnhancedAltitude() : r.getAltitude();
        Float speed = r.getEnhancedSpeed() != null ? r.getEnhancedSpeed() : r.getSpeed();
        Short hr = r.getHeartRate();
        Short cad = r.getCadence();
        Integer power = r.getPower();
        Byte temp = r.getTemperature();
        Float distance = r.getDistance();
        samples.add(
                timestamp.getDate().toInstant(),
                lat == null || lon == null ? Double.NaN : lat * SEMICIRCLES_TO_DEGREES,
                lat == null || lon == null ? Double.NaN : lon * SEMICIRCLES_TO_DEGREES,
                ele == null ? Double.NaN : ele,
                hr == null ? -1 : hr,
                cad == null ? -1 : cad,
                power == null ? -1 : power,
                speed == null ? Double.NaN : speed,
                temp == null ? Double.NaN : temp,
                distance == null ? Double.NaN : distance);
    }

    private static @Nullable Double number(@Nullable Float value) {
        return value == null ? null : Math.round(value * 100) / 100.0;
    }

    /** FIT's enum names in lower case ({@code CYCLING} → {@code cycling}); null for none or invalid. */
    private static @Nullable String name(@Nullable Enum<?> value) {
        if (value == null || value == Sport.INVALID || value == SubSport.INVALID) {
            return null;
        }
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The SDK's message without its class names and stack positions. */
    private static String plain(FitRuntimeException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "malformed data";
        }
        return TrackFiles.abbreviate(
                m.replaceAll("[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w+(Exception)?:?", "").strip());
    }
}
