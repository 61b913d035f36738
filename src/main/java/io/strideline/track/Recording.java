package io.strideline.track;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A file read into a track and its legs (at least one; several for multisport recordings).
 *
 * @param start when the recording began (the FIT session start, the first TCX lap, the GPX
 *     metadata or first point time); the track's {@code t} counts from it. Null without times.
 */
public record Recording(
        TrackFormat format,
        @Nullable String name,
        @Nullable String description,
        @Nullable Instant start,
        Track track,
        List<Leg> legs) {

    public Recording {
        // a leg outside the track is a reader's defect: caught here, not when the export writes it
        for (Leg leg : legs) {
            if (leg.from() < 0 || leg.from() > leg.to() || leg.to() > track.size()) {
                throw new IllegalStateException(
                        "leg " + leg.from() + ".." + leg.to() + " outside a track of " + track.size() + " points");
            }
        }
    }

    public boolean multisport() {
        return legs.size() > 1;
    }

    /** The device's totals over all legs; null unless every leg has them. */
    public @Nullable DeviceSummary device() {
        return DeviceSummary.total(legs.stream().map(Leg::device).toList());
    }
}
