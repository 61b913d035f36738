package io.strideline.device;

import io.strideline.platform.WireEnum;

/** What a device reports about a command it ran. */
enum CommandOutcome implements WireEnum {
    /** it worked */
    SUCCEEDED,
    /** it did not */
    FAILED;

    /** The constant of a stored value. */
    static CommandOutcome of(String wire) {
        return WireEnum.parse(CommandOutcome.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a CommandOutcome: " + wire));
    }
}
