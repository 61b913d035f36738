/** Organizations, their members and roles: who may see and manage which devices. */
@ApplicationModule(allowedDependencies = {"platform", "identity"})
@NullMarked
package io.strideline.organization;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
