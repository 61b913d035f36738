/** Goals (and later XP, badges, challenges): progress computed from activity and step totals. */
@ApplicationModule(allowedDependencies = {"platform", "identity", "activity", "steps", "social"})
@NullMarked
package io.strideline.gamification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
