/**
 * Saved routes: paths people plan (points, GPX, TCX or FIT files) or keep from an activity, share
 * publicly, find near a place and favourite; exported as encoded polylines and GPX 1.1. Reading and
 * writing files, distance, climbing and difficulty are the track module's, as for activities.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "activity", "track"})
@NullMarked
package io.strideline.route;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
