package io.strideline.telemetry;

import io.strideline.platform.WireEnum;

/** The bucket size of reading statistics. */
enum ReadingInterval implements WireEnum {
    /** computed from raw readings: at most 7 days, within raw retention */
    MINUTE,
    /** UTC hours in every time zone */
    HOUR,
    /** a calendar day in the asked time zone (23 or 25 hours at a DST change) */
    DAY,
    /** a calendar week, Monday first */
    WEEK,
    /** a calendar month */
    MONTH
}
