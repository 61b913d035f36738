package io.strideline.alerting;

import io.strideline.platform.WireEnum;

/** How urgent the alerts of a rule are. */
enum AlertSeverity implements WireEnum {
    INFO,
    WARNING,
    CRITICAL
}
