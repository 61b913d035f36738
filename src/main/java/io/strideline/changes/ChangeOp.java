package io.strideline.changes;

import io.strideline.platform.WireEnum;

/** What happened to an entity of the change feed. */
enum ChangeOp implements WireEnum {
    /** created or changed: fetch it */
    UPSERT,
    /** deleted: delete it locally */
    DELETE
}
