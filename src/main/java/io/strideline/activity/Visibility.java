package io.strideline.activity;

import io.strideline.platform.WireEnum;

/** Who may see an activity. */
enum Visibility implements WireEnum {
    PRIVATE,
    FRIENDS,
    PUBLIC;

    static Visibility of(String wire) {
        return WireEnum.parse(Visibility.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a visibility: " + wire));
    }
}
