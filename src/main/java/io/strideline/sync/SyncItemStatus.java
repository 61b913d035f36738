package io.strideline.sync;

import io.strideline.platform.WireEnum;

/** What a batch upload did with one sync event. */
enum SyncItemStatus implements WireEnum {
    /** stored now */
    CREATED,
    /** already held (same device timestamp): nothing changed */
    DUPLICATE,
    /** not stored; the item's problem says why */
    REJECTED
}
