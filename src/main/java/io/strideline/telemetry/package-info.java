/** Sensor readings: bulk ingest, time partitions, rollups, latest values, statistics, retention. */
@ApplicationModule(allowedDependencies = {"platform", "organization", "device"})
@NullMarked
package io.strideline.telemetry;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
