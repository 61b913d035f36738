/** Fleet summary and trends across the modules that own the facts (devices, readings, syncs, alerts). */
@ApplicationModule(
        allowedDependencies = {"platform", "identity", "organization", "device", "telemetry", "sync", "alerting"})
@NullMarked
package io.strideline.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
