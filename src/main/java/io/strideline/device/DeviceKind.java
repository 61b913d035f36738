package io.strideline.device;

import io.strideline.platform.WireEnum;

/** What sort of device it is. */
enum DeviceKind implements WireEnum {
    /** smart glasses */
    GLASSES,
    /** a smartwatch */
    WATCH,
    /** another body-worn device */
    WEARABLE,
    /** a phone */
    PHONE,
    /** a pedometer */
    STEP_COUNTER,
    /** a stationary sensor */
    SENSOR,
    /** a hub that syncs other devices */
    SYNC_BOX,
    /** anything else */
    OTHER;

    /** The constant of a stored value. */
    static DeviceKind of(String wire) {
        return WireEnum.parse(DeviceKind.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a DeviceKind: " + wire));
    }
}
