package io.strideline.organization;

import java.util.UUID;

/** A person left an organization or was removed from it: what they may read of it ends now. */
public record MembershipEnded(UUID orgId, UUID userId) {}
