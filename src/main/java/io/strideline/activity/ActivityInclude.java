package io.strideline.activity;

import io.strideline.platform.WireEnum;

/** What {@code GET /activities/{id}} may add to the activity. */
enum ActivityInclude implements WireEnum {
    /** the GPS track as parallel arrays */
    STREAMS
}
