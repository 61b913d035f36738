package io.strideline.activity;

import io.strideline.platform.WireEnum;

/** Category of an exercise in the catalogue. */
enum ExerciseCategory implements WireEnum {
    STRENGTH,
    CARDIO,
    FLEXIBILITY,
    CORE,
    BALANCE,
    PLYOMETRICS;

    static ExerciseCategory of(String wire) {
        return WireEnum.parse(ExerciseCategory.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not an exercise category: " + wire));
    }
}
