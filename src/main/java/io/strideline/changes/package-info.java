/**
 * The mobile change feed: what changed for a person (activities, devices, routes, steps, goals),
 * recorded from the owning modules' events in their writing transactions and served by cursor.
 */
@ApplicationModule(
        allowedDependencies = {"platform", "organization", "device", "activity", "steps", "route", "gamification"})
@NullMarked
package io.strideline.changes;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
