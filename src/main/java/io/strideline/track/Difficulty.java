package io.strideline.track;

import io.strideline.platform.WireEnum;

/**
 * How hard a track is, from its effort kilometres (the Swiss Alpine Club's Leistungskilometer):
 * distance in km plus one km per 100 m of ascent. Below 10 easy, below 25 moderate, else hard.
 * Declared from easy to hard. Activities and routes use this one scale.
 */
public enum Difficulty implements WireEnum {
    EASY,
    MODERATE,
    HARD;

    public static final String SCALE = "effort_km = km + ascent_m / 100: easy < 10 <= moderate < 25 <= hard";

    public static double effortKm(double distanceMeters, double ascentMeters) {
        return distanceMeters / 1000 + ascentMeters / 100;
    }

    public static Difficulty of(double distanceMeters, double ascentMeters) {
        double effort = effortKm(distanceMeters, ascentMeters);
        return effort < 10 ? EASY : effort < 25 ? MODERATE : HARD;
    }
}
