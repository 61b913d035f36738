package io.strideline.route;

import io.strideline.platform.WireEnum;

/** Where a route's points came from. */
enum RouteSource implements WireEnum {
    /** points sent in the request */
    POINTS,
    /**
     * an uploaded file: GPX, and since the track module reads them too TCX and FIT (the value
     * stays {@code gpx}, which clients and the table's check already know)
     */
    GPX,
    /** the GPS track of one of the owner's activities */
    ACTIVITY;

    static RouteSource of(String wire) {
        return WireEnum.parse(RouteSource.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a route source: " + wire));
    }
}
