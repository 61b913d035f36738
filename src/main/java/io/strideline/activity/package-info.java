/** Runs and other activities: device uploads with AI metrics and GPS streams, history and statistics. */
@ApplicationModule(allowedDependencies = {"platform", "identity", "track"})
@NullMarked
package io.strideline.activity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
