package io.strideline.alerting;

import io.strideline.platform.WireEnum;

/** What an alert rule watches. */
enum AlertRuleKind implements WireEnum {
    /** a metric compared with a threshold, continuously for duration_s seconds of event time */
    THRESHOLD,
    /** a device not seen for longer than its inactivity timeout */
    DEVICE_OFFLINE,
    /** a device's syncs failing repeatedly in a row (the sync module decides when) */
    SYNC_FAILURES
}
