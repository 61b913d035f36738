package io.strideline.track;

import io.strideline.platform.WireEnum;

/** The file formats a recording is read from. */
public enum TrackFormat implements WireEnum {
    GPX,
    TCX,
    FIT
}
