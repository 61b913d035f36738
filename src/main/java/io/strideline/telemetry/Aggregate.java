package io.strideline.telemetry;

import io.strideline.platform.WireEnum;

/** An aggregate of reading statistics; the field of a bucket with the same name. */
enum Aggregate implements WireEnum {
    /** sum / count */
    AVG,
    MIN,
    MAX,
    SUM,
    COUNT
}
