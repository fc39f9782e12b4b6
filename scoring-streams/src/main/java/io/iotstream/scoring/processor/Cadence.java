package io.iotstream.scoring.processor;

import java.util.Locale;

/** When a device is scored. */
public enum Cadence {
    /** Once per reporting interval, for each device that received events in it (the original benchmark's way). */
    INTERVAL,
    /** On every event, with the O(1) update of the margin. */
    EVENT;

    /** The lower-case name used in settings ({@code interval}, {@code event}). */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Cadence fromSetting(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
