package io.strideline.activity;

import io.strideline.activity.ActivityView.Streams;
import io.strideline.identity.Relation;
import io.strideline.track.Geodesy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What someone other than the owner sees of an activity: no device ids, no map unless
 * map_visibility lets them, no heart rate unless heart_rate_visibility does, and no point inside
 * the areas hidden for the owner's privacy zones (blurred per activity, {@code
 * Privacy.hiddenAreas}). The one place these rules live; every read path for others goes through
 * {@link #asSeenBy}.
 */
final class ActivityPrivacy {

    private ActivityPrivacy() {}

    /**
     * The caller has checked that the relation sees the activity itself; {@code hidden}: the areas
     * hidden for this activity, empty where no stream is read.
     */
    static ActivityView asSeenBy(ActivityView a, Relation relation, List<Geodesy.Circle> hidden) {
        if (relation == Relation.SELF) {
            return a;
        }
        boolean map = a.hasTrack() && relation.sees(a.mapVisibility());
        boolean heartRate = relation.sees(a.heartRateVisibility());
        Streams before = a.streams();
        boolean[] keep = before == null || !map || before.lat() == null || before.lon() == null
                ? null
                : Geodesy.outside(doubles(before.lat()), doubles(before.lon()), hidden);
        Streams streams = before == null ? null : streams(before, map, heartRate, keep);
        JsonNode analysis = a.analysis() == null ? null : analysis(a.analysis(), heartRate, keep);
        return new ActivityView(
                a.id(),
                a.userId(),
                a.type(),
                a.title(),
                a.notes(),
                a.startedAt(),
                a.endedAt(),
                a.durationSeconds(),
                a.distanceMeters(),
                a.avgSpeedKmh(),
                a.maxSpeedKmh(),
                a.elevationGainMeters(),
                a.avgPaceSecondsPerKm(),
                a.steps(),
                a.calories(),
                heartRate ? a.avgHeartRate() : null,
                a.aiMetrics(),
                null,
                null,
                map,
                a.receivedAt(),
                a.updatedAt(),
                streams,
                a.visibility(),
                a.mapVisibility(),
                a.heartRateVisibility(),
                a.weather(),
                a.exercises(),
                analysis,
                null, // whether it repeats another of the owner's is the owner's business
                a.engagement());
    }

    /** {@code keep}: the points outside the owner's zones, null when nothing is cut. */
    private static Streams streams(Streams s, boolean map, boolean heartRate, boolean @Nullable [] keep) {
        Number[] hr = heartRate ? s.hr() : null;
        if (!map) {
            return new Streams(s.t(), null, null, s.ele(), hr, s.cad(), s.power(), s.speed(), s.temp(), s.breaks());
        }
        if (keep == null) {
            return new Streams(
                    s.t(), s.lat(), s.lon(), s.ele(), hr, s.cad(), s.power(), s.speed(), s.temp(), s.breaks());
        }
        int[] newIndex = newIndices(keep);
        // a new part starts where the old one did, and after every stretch that was cut out: no
        // line is drawn across a zone
        var breaks = new TreeSet<Integer>();
        for (Number b : s.breaks()) {
            int i = b.intValue();
            if (i < keep.length && keep[i]) {
                breaks.add(newIndex[i]);
            }
        }
        for (int i = 1; i < keep.length; i++) {
            if (keep[i] && !keep[i - 1] && newIndex[i] > 0) {
                breaks.add(newIndex[i]);
            }
        }
        return new Streams(
                Objects.requireNonNull(kept(s.t(), keep)),
                kept(s.lat(), keep),
                kept(s.lon(), keep),
                kept(s.ele(), keep),
                kept(hr, keep),
                kept(s.cad(), keep),
                kept(s.power(), keep),
                kept(s.speed(), keep),
                kept(s.temp(), keep),
                breaks.toArray(Number[]::new));
    }

    private static double[] doubles(Number[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].doubleValue();
        }
        return out;
    }

    /** newIndex[i]: how many kept points come before point i. */
    private static int[] newIndices(boolean[] keep) {
        int[] index = new int[keep.length + 1];
        for (int i = 0; i < keep.length; i++) {
            index[i + 1] = index[i] + (keep[i] ? 1 : 0);
        }
        return index;
    }

    private static Number @Nullable [] kept(Number @Nullable [] values, boolean[] keep) {
        if (values == null) {
            return null;
        }
        var out = new ArrayList<Number>(values.length);
        for (int i = 0; i < values.length && i < keep.length; i++) {
            if (keep[i]) {
                out.add(values[i]);
            }
        }
        return out.toArray(Number[]::new);
    }

    /** Without the device's heart rate when hidden; legs' point indices follow the cut streams. */
    private static JsonNode analysis(JsonNode analysis, boolean heartRate, boolean @Nullable [] keep) {
        var copy = (ObjectNode) analysis.deepCopy();
        if (!heartRate && copy.get("device") instanceof ObjectNode device) {
            device.remove("avg_heart_rate");
        }
        int[] newIndex = keep == null ? null : newIndices(keep);
        if (copy.get("legs") != null) {
            for (JsonNode leg : copy.get("legs")) {
                if (!(leg instanceof ObjectNode l)) {
                    continue;
                }
                if (!heartRate && l.get("device") instanceof ObjectNode device) {
                    device.remove("avg_heart_rate");
                }
                if (newIndex != null) {
                    l.put("first_point", newIndex[Math.min(l.path("first_point").asInt(), newIndex.length - 1)]);
                    l.put("end_point", newIndex[Math.min(l.path("end_point").asInt(), newIndex.length - 1)]);
                }
            }
        }
        return copy;
    }
}
