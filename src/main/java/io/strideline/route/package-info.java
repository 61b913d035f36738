/**
 * Saved routes: paths people plan (points, GPX files) or keep from an activity, share publicly,
 * find near a place and favourite; exported as encoded polylines and GPX 1.1.
 */
@ApplicationModule(allowedDependencies = {"platform", "activity"})
@NullMarked
package io.strideline.route;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
