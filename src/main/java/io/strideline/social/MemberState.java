package io.strideline.social;

import io.strideline.platform.WireEnum;

/** Where someone stands with a group. */
enum MemberState implements WireEnum {
    MEMBER,
    /** an admin invited them; they join by joining */
    INVITED,
    /** they asked to join a private group; an admin approves */
    REQUESTED
}
