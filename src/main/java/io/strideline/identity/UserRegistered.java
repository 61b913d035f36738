package io.strideline.identity;

import java.util.UUID;

/**
 * A person created an account. Published inside the registering transaction, so that listeners
 * (the personal organization) commit or roll back together with the account.
 */
public record UserRegistered(UUID userId, String displayName) {}
