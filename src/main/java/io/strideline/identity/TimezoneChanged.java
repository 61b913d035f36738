package io.strideline.identity;

import java.util.UUID;

/** A person moved to another time zone: per-day statistics are bucketed again. */
public record TimezoneChanged(UUID userId, String timezone) {}
