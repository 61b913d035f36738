/** Sync health of offline-first devices (PiSync): sync reports, history, repeated failures. */
@ApplicationModule(allowedDependencies = {"platform", "organization", "device"})
@NullMarked
package io.strideline.sync;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
