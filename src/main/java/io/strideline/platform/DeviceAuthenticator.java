package io.strideline.platform;

import java.util.Optional;

/** Resolves an opaque device token ({@code sld_…}); the device module provides it. */
public interface DeviceAuthenticator {

    String TOKEN_PREFIX = "sld_";

    Optional<CurrentDevice> authenticate(String token);
}
