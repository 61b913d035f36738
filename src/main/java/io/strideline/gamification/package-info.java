/** Goals (and later XP, badges, challenges): progress computed from activity and step totals. */
@NullMarked
package io.strideline.gamification;

import org.jspecify.annotations.NullMarked;
