/**
 * Recorded tracks: reading GPX, TCX and FIT files (with the device's own summaries), writing GPX,
 * and the one analysis of a track that activities and saved routes share: geodesic distance,
 * elevation gain, moving time, splits and difficulty. A library: no tables, no beans.
 */
@ApplicationModule(allowedDependencies = "platform")
@NullMarked
package io.strideline.track;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
