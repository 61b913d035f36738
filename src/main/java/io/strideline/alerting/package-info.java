/** Alert rules (metric thresholds, device offline, repeated sync failures) and the alert lifecycle. */
@ApplicationModule(allowedDependencies = {"platform", "organization", "device", "telemetry", "sync"})
@NullMarked
package io.strideline.alerting;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
