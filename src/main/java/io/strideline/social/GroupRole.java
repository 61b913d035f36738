package io.strideline.social;

import io.strideline.platform.WireEnum;

/** A member's role in a group, highest first. */
enum GroupRole implements WireEnum {
    OWNER,
    ADMIN,
    MEMBER;

    boolean atLeast(GroupRole other) {
        return compareTo(other) <= 0;
    }
}
