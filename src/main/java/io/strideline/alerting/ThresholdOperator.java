package io.strideline.alerting;

import io.strideline.platform.WireEnum;

/**
 * How a threshold rule compares a reading's value with its threshold. The wire values are the
 * comparison symbols (as stored), not the constants' names.
 */
enum ThresholdOperator implements WireEnum {
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<=");

    private final String symbol;

    ThresholdOperator(String symbol) {
        this.symbol = symbol;
    }

    @Override
    public String wire() {
        return symbol;
    }

    boolean holds(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
        };
    }
}
