package io.strideline.alerting;

import java.util.UUID;

/** An alert was acknowledged or cleared (by a member or because its condition ended). */
public record AlertChanged(UUID alertId, UUID orgId, UUID deviceId, AlertState state) {}
