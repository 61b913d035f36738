package io.strideline.device;

import io.strideline.platform.WireEnum;

/** What a status event records. */
enum StatusEventKind implements WireEnum {
    /** the device reported a status */
    REPORTED,
    /** the server saw no request within the inactivity timeout */
    OFFLINE,
    /** the device was seen for the first time, or again after being offline */
    ONLINE;

    /** The constant of a stored value. */
    static StatusEventKind of(String wire) {
        return WireEnum.parse(StatusEventKind.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a StatusEventKind: " + wire));
    }
}
