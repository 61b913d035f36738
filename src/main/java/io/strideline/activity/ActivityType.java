package io.strideline.activity;

import io.strideline.platform.WireEnum;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What kind of activity it is; statistics, goals and filters go by it. */
public enum ActivityType implements WireEnum {
    RUN,
    WALK,
    HIKE,
    RIDE,
    WORKOUT,
    SWIM,
    /** A recording of several sports in a row (triathlon, duathlon): its legs say which. */
    MULTISPORT,
    OTHER;

    /** The type of this wire value (as stored in the database). */
    public static ActivityType of(String wire) {
        return WireEnum.parse(ActivityType.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not an activity type: " + wire));
    }

    /**
     * The highest believable average speed for the type in km/h (world records are below it):
     * the one rule that refuses faster manual activities, and that flags faster device runs and
     * imported recordings as implausible (no XP, badges, challenge progress or leaderboard place).
     */
    public double maxPlausibleKmh() {
        return switch (this) {
            case RUN -> 25;
            case WALK -> 10;
            case HIKE -> 12;
            case SWIM -> 8;
            case RIDE -> 70;
            case MULTISPORT -> 50;
            case WORKOUT, OTHER -> 70;
        };
    }

    /**
     * Words of the sports in files, checked in order as parts of the file's word: FIT sport and
     * sub_sport names ({@code cycling}, {@code e_biking}, {@code lap_swimming}), TCX
     * ({@code Running}, {@code Biking}) and the GPX {@code <type>}s of Strava, Garmin Connect,
     * Komoot and OsmAnd exports ({@code road_biking}, {@code mtb}, {@code touringbicycle},
     * {@code jogging}, {@code trail_running}). Walking is checked before running: nothing with
     * "walk" in it is a run.
     */
    private static final List<Map.Entry<String, ActivityType>> WORDS = List.of(
            Map.entry("multisport", MULTISPORT),
            Map.entry("triathlon", MULTISPORT),
            Map.entry("duathlon", MULTISPORT),
            Map.entry("walk", WALK),
            Map.entry("run", RUN),
            Map.entry("jog", RUN),
            Map.entry("hik", HIKE),
            Map.entry("mountaineering", HIKE),
            Map.entry("snowshoe", HIKE),
            Map.entry("trekking", HIKE),
            Map.entry("cycl", RIDE),
            Map.entry("bik", RIDE),
            Map.entry("bicycle", RIDE),
            Map.entry("ride", RIDE),
            Map.entry("mtb", RIDE),
            Map.entry("racebike", RIDE),
            Map.entry("swim", SWIM),
            Map.entry("training", WORKOUT),
            Map.entry("fitness", WORKOUT),
            Map.entry("workout", WORKOUT),
            Map.entry("strength", WORKOUT),
            Map.entry("cardio", WORKOUT),
            Map.entry("hiit", WORKOUT),
            Map.entry("elliptical", WORKOUT),
            Map.entry("yoga", WORKOUT));

    /** Strava's numeric GPX types (its activity type ids) for the sports we tell apart. */
    private static final Map<String, ActivityType> STRAVA_IDS =
            Map.of("1", RIDE, "4", HIKE, "9", RUN, "10", WALK, "11", WORKOUT, "16", SWIM, "17", RIDE, "18", RIDE);

    /**
     * The type of a recording from the sport its file names and, when it names none (or FIT's
     * {@code generic}), from its speed: below 7 km/h a walk, below 16 km/h a run, else a ride.
     * Without a speed (no distance) it is {@code other}: an unknown sport is not a run.
     *
     * @param movingSpeedKmh distance over moving time; null when unknown
     */
    static ActivityType fromFile(@Nullable String sport, @Nullable String subSport, @Nullable Double movingSpeedKmh) {
        ActivityType type = fromWord(subSport);
        if (type == null || type == MULTISPORT) {
            type = fromWord(sport);
        }
        if (type != null) {
            return type;
        }
        if (sport != null && !isGeneric(sport)) {
            return OTHER;
        }
        if (movingSpeedKmh == null || !(movingSpeedKmh > 0)) {
            return OTHER;
        }
        return movingSpeedKmh < 7 ? WALK : movingSpeedKmh < 16 ? RUN : RIDE;
    }

    private static @Nullable ActivityType fromWord(@Nullable String word) {
        if (word == null || isGeneric(word)) {
            return null;
        }
        String w = word.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        ActivityType strava = STRAVA_IDS.get(w);
        if (strava != null) {
            return strava;
        }
        for (var entry : WORDS) {
            if (w.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean isGeneric(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        return w.isEmpty() || w.equals("generic") || w.equals("all") || w.equals("invalid");
    }
}
