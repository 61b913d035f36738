package io.strideline.platform;

import java.util.UUID;

/**
 * Whether the person named by a validly signed access token still has an account; the identity
 * module provides it. Asked once per request that carries an access token (one primary-key
 * lookup), so that a token outliving its account is refused with 401 {@code invalid_token}
 * everywhere instead of acting for nobody.
 */
public interface AccountCheck {

    boolean exists(UUID userId);
}
