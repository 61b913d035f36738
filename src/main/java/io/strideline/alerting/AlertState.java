package io.strideline.alerting;

import io.strideline.platform.WireEnum;

/** Where an alert is in its lifecycle: active, then acknowledged (optional), then cleared. */
public enum AlertState implements WireEnum {
    /** raised, nobody acknowledged it yet */
    ACTIVE,
    /** a member saw it; still open */
    ACKNOWLEDGED,
    /** over: cleared by a member or because its condition ended */
    CLEARED
}
