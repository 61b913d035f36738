package io.strideline.identity;

import io.strideline.platform.WireEnum;

/** How the apps show measurements to a person; the API itself always speaks SI. */
enum Units implements WireEnum {
    /** kilometres, kilograms, centimetres */
    METRIC,
    /** miles, pounds, feet and inches */
    IMPERIAL;

    /** The constant of a stored value. */
    static Units of(String wire) {
        return WireEnum.parse(Units.class, wire).orElseThrow(() -> new IllegalStateException("units " + wire));
    }
}
