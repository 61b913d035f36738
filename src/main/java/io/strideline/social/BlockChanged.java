package io.strideline.social;

import java.util.UUID;

/** {@code blockerId} blocked ({@code blocked}) or unblocked {@code blockedId}. */
public record BlockChanged(UUID blockerId, UUID blockedId, boolean blocked) {}
