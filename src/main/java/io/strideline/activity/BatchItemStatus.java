package io.strideline.activity;

import io.strideline.platform.WireEnum;

/** What became of one run of a batch upload. */
enum BatchItemStatus implements WireEnum {
    /** stored now */
    CREATED,
    /** this device had already sent this client_id: the stored run is unchanged */
    DUPLICATE,
    /** not stored: see its problem */
    REJECTED
}
