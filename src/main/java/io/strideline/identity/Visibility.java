package io.strideline.identity;

import io.strideline.platform.WireEnum;

/**
 * Who may see something of a person's (an activity, one of its facets, a post, the profile),
 * from the narrowest to the widest.
 */
public enum Visibility implements WireEnum {
    PRIVATE,
    FRIENDS,
    PUBLIC;

    public static Visibility of(String wire) {
        return WireEnum.parse(Visibility.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a visibility: " + wire));
    }

    /** The narrower of the two: a facet is never shown wider than what it belongs to. */
    public Visibility atMost(Visibility limit) {
        return compareTo(limit) <= 0 ? this : limit;
    }
}
