package io.strideline.track;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One sport of a recording: the whole of it, or one leg of a multisport recording (a FIT session,
 * a GPX track of its own type, a TCX activity). Its points are {@code from} (inclusive) to
 * {@code to} (exclusive) of the recording's track.
 *
 * @param sport the file's own word for the sport, lower case (FIT {@code cycling}, TCX
 *     {@code biking}, GPX {@code <type>} such as {@code mountain_biking}); null when it has none
 * @param subSport FIT's sub_sport ({@code indoor_cycling}, {@code lap_swimming}); null otherwise
 * @param device what the device stated for this leg; null when the file states nothing
 */
public record Leg(
        @Nullable String sport,
        @Nullable String subSport,
        @Nullable Instant start,
        int from,
        int to,
        @Nullable DeviceSummary device) {}
