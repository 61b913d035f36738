package io.strideline.steps;

import io.strideline.platform.WireEnum;

/** What became of one day of a step sync. */
enum StepItemStatus implements WireEnum {
    /** stored (replacing that source's numbers of the day) */
    STORED,
    /** not stored: see its problem */
    REJECTED
}
