package io.strideline.route;

import io.strideline.platform.WireEnum;

/** How hard a route is; declared from easy to hard. */
enum RouteDifficulty implements WireEnum {
    EASY,
    MODERATE,
    HARD;

    static RouteDifficulty of(String wire) {
        return WireEnum.parse(RouteDifficulty.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a difficulty: " + wire));
    }
}
