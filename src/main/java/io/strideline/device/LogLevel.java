package io.strideline.device;

import io.strideline.platform.WireEnum;

/** Severity of a log line, from least to most severe. */
enum LogLevel implements WireEnum {
    /** diagnostics */
    DEBUG,
    /** normal events */
    INFO,
    /** something unusual */
    WARN,
    /** a failure */
    ERROR;

    /** The constant of a stored value. */
    static LogLevel of(String wire) {
        return WireEnum.parse(LogLevel.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a LogLevel: " + wire));
    }
}
