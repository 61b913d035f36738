/** Goals, XP and levels, badges, challenges and leaderboards: computed by the server from activity and step totals and its own XP ledger. */
@ApplicationModule(allowedDependencies = {"platform", "identity", "activity", "steps", "social"})
@NullMarked
package io.strideline.gamification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
