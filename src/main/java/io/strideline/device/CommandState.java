package io.strideline.device;

import io.strideline.platform.WireEnum;

/** Where a command stands. */
public enum CommandState implements WireEnum {
    /** waiting for the device to poll */
    QUEUED,
    /** handed to the device, result pending */
    DELIVERED,
    /** the device reported success */
    SUCCEEDED,
    /** the device reported failure, or no result came in time */
    FAILED,
    /** not delivered before expires_at */
    EXPIRED;

    /** The constant of a stored value. */
    public static CommandState of(String wire) {
        return WireEnum.parse(CommandState.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a CommandState: " + wire));
    }
}
