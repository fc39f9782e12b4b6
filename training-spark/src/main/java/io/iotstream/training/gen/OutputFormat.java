package io.iotstream.training.gen;

import java.util.Locale;

/** How {@code iotgen} writes rows. */
public enum OutputFormat {
    /** The original benchmark's text: {@code label,v1,...,vn}, five decimals, no header, one part file per partition. */
    CSV,
    /** Columns {@code label} (double, 0 or 1) and {@code features} (array of double), one part file per partition. */
    PARQUET;

    /** Parses {@code csv} or {@code parquet}, any case. */
    public static OutputFormat parse(String value) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("format '" + value + "' is not known: use csv or parquet");
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
