package io.strideline.device;

import io.strideline.platform.WireEnum;

/** Where a pairing code stands. */
enum PairingCodeStatus implements WireEnum {
    /** waiting for a device to claim it */
    PENDING,
    /** a device claimed it */
    CLAIMED,
    /** not claimed in time */
    EXPIRED;

    /** The constant of a stored value. */
    static PairingCodeStatus of(String wire) {
        return WireEnum.parse(PairingCodeStatus.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a PairingCodeStatus: " + wire));
    }
}
