/** Devices: pairing with a 6-digit code, the registry, device tokens and device configuration. */
@ApplicationModule(allowedDependencies = {"platform", "organization"})
@NullMarked
package io.strideline.device;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
