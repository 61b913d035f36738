package io.strideline.organization;

import io.strideline.platform.WireEnum;
import java.util.Locale;

/** Roles in an organization, each including the ones before it. */
public enum Role implements WireEnum {
    /** reads everything of the organization */
    VIEWER,
    /** also sends commands and acknowledges alerts */
    MEMBER,
    /** also manages devices, alert rules and members */
    ADMIN,
    /** also manages admins and owners */
    OWNER;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String value() {
        return wire();
    }

    public static Role of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
