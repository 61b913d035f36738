package io.strideline.organization;

import io.strideline.platform.WireEnum;
import java.util.Locale;

/**
 * Where an invitation stands. {@link #EXPIRED} is never stored: a pending invitation whose
 * {@code expires_at} has passed is shown as expired.
 */
enum InvitationState implements WireEnum {
    /** waiting for the invitee */
    PENDING,
    /** pending, but past its expiry; inviting the email again renews it */
    EXPIRED,
    /** the invitee joined */
    ACCEPTED,
    /** the invitee said no */
    DECLINED,
    /** an admin withdrew it */
    REVOKED;

    String value() {
        return wire();
    }

    static InvitationState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
