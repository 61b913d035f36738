/** Sensor readings: bulk ingest, time partitions, rollups, latest values, statistics, retention. */
@NullMarked
package io.strideline.telemetry;

import org.jspecify.annotations.NullMarked;
