package io.strideline.social;

import io.strideline.platform.WireEnum;

/** Public groups are listed and open to all; private ones are seen by their members only. */
enum GroupVisibility implements WireEnum {
    PUBLIC,
    PRIVATE
}
