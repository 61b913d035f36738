package io.strideline.alerting;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A new alert became active; members of the organization are notified. */
public record AlertRaised(
        UUID alertId, UUID orgId, @Nullable UUID deviceId, String severity, String title, String message) {}
