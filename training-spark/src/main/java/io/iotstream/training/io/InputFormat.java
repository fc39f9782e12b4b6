package io.iotstream.training.io;

/** The layout of training input. */
public enum InputFormat {
    /** Decide from the first data file: Parquet if it starts with the Parquet magic {@code PAR1}, else CSV. */
    AUTO,
    /** {@code label,v1,...,vn} text, as the original benchmark and {@code iotgen --format csv} write it. */
    CSV,
    /** Columns {@code label} and {@code features} (array of double, or a Spark ML vector). */
    PARQUET;

    /** Parses {@code auto}, {@code csv} or {@code parquet}, any case. */
    public static InputFormat parse(String value) {
        for (InputFormat f : values()) {
            if (f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("input format '" + value + "' is not known: use auto, csv or parquet");
    }
}
