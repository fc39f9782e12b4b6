package io.iotstream.scoring.processor;

import java.util.Locale;

/** Which scores become alerts. */
public enum Emit {
    /** Only changes: into attention ({@code ATTENTION}) and back ({@code RECOVERY}). */
    TRANSITIONS,
    /** Changes, plus a {@code STATUS} alert for every other score. */
    ALL;

    /** The lower-case name used in settings ({@code transitions}, {@code all}). */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Emit fromSetting(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
