package io.strideline.device;

import io.strideline.platform.WireEnum;

/** A status a device reports about itself; a small fixed set dashboards and alert rules rely on. */
enum DeviceStatus implements WireEnum {
    /** working normally */
    OK,
    /** working, with a problem */
    DEGRADED,
    /** not working */
    ERROR,
    /** taken out of service on purpose */
    MAINTENANCE,
    /** installing an update */
    UPDATING,
    /** starting up */
    BOOTING;

    /** The constant of a stored value. */
    static DeviceStatus of(String wire) {
        return WireEnum.parse(DeviceStatus.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a DeviceStatus: " + wire));
    }
}
