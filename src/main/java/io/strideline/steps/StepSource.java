package io.strideline.steps;

import io.strideline.platform.WireEnum;

/** Where steps synced by a person's app come from (a device syncs as itself). */
enum StepSource implements WireEnum {
    /** counted by the phone app */
    APP,
    /** typed in by hand */
    MANUAL
}
