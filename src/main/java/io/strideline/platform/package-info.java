/**
 * What every module shares: the error model, ids, paging, rate limits, request limits, the
 * database and the security wiring. Open: every module may use all of it. It depends on no other
 * module (device authenticates device tokens through the {@link DeviceAuthenticator} SPI).
 */
@ApplicationModule(
        type = ApplicationModule.Type.OPEN,
        allowedDependencies = {})
@NullMarked
package io.strideline.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
