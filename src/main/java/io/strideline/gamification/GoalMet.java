package io.strideline.gamification;

import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A goal was met for the period starting at {@code periodStart}: once per goal and period. */
public record GoalMet(UUID userId, UUID goalId, @Nullable String title, LocalDate periodStart) {}
