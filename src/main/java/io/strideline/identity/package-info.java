/** Accounts, passwords, access and refresh tokens, and the profile. */
@ApplicationModule(allowedDependencies = {"platform", "track"})
@NullMarked
package io.strideline.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
