package io.strideline.route;

import java.util.UUID;

/**
 * A person's saved route (or their favourite mark on one) was created, changed or deleted.
 * Published inside the writing transaction, for the mobile change feed.
 */
public record RouteChanged(UUID userId, UUID routeId, boolean deleted) {}
