package io.strideline.device;

import io.strideline.platform.WireEnum;

/** Why the server failed a command (a failure the device reports has no reason). */
enum FailureReason implements WireEnum {
    /** no result within result_timeout_s and no retries left, or expired while delivered */
    TIMEOUT;

    /** The constant of a stored value. */
    static FailureReason of(String wire) {
        return WireEnum.parse(FailureReason.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a FailureReason: " + wire));
    }
}
