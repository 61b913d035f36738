package io.strideline.platform;

import java.util.UUID;

/** The person behind a user access token. Declare it as a controller parameter. */
public record CurrentUser(UUID id) {}
