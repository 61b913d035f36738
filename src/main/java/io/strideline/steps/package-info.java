/** Daily step counts from phones and step-counting devices: sync per source, days, ranges and statistics. */
@ApplicationModule(allowedDependencies = {"platform", "identity"})
@NullMarked
package io.strideline.steps;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
