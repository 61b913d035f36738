package io.strideline.activity;

import java.util.UUID;

/**
 * A person's day totals were rebuilt in their new time zone (after a TimezoneChanged): whatever
 * was computed from local dates (challenge progress, the days XP counts on) is due again.
 */
public record ActivityTotalsRebuilt(UUID userId) {}
