package io.iotstream.training.gen;

/**
 * The original benchmark's CSV line, {@code label,v1,...,vn}, every field with exactly five decimals
 * ({@code 1.00000,0.50457,0.06221,...}), formatted from integer quanta without any floating-point formatting: the
 * text is exactly what {@code String.format("%.5f", q / 1e5)} prints, at a fraction of the cost.
 */
public final class CsvLines {

    /** Characters of one field: {@code d.ddddd}. */
    static final int FIELD_CHARS = 7;

    private CsvLines() {
    }

    /** Length of a line of {@code sensors} values plus the label, without line terminator. */
    public static int length(int sensors) {
        return (sensors + 1) * FIELD_CHARS + sensors;
    }

    /**
     * Writes the line into {@code buffer} (at least {@link #length} long) and returns its length.
     *
     * @param label  0 or 1
     * @param quanta values in 10<sup>-5</sup> units, each in [0, 100000]
     */
    public static int format(int label, int[] quanta, char[] buffer) {
        int pos = field(buffer, 0, label * SyntheticRows.SCALE);
        for (int q : quanta) {
            buffer[pos++] = ',';
            pos = field(buffer, pos, q);
        }
        return pos;
    }

    /** The line as a string. */
    public static String format(int label, int[] quanta) {
        char[] buffer = new char[length(quanta.length)];
        return new String(buffer, 0, format(label, quanta, buffer));
    }

    private static int field(char[] buffer, int pos, int quantum) {
        if (quantum < 0 || quantum > SyntheticRows.SCALE) {
            throw new IllegalArgumentException("value " + quantum + " is outside 0.." + SyntheticRows.SCALE);
        }
        int whole = quantum / SyntheticRows.SCALE;
        int fraction = quantum - whole * SyntheticRows.SCALE;
        buffer[pos] = (char) ('0' + whole);
        buffer[pos + 1] = '.';
        for (int k = pos + 6; k >= pos + 2; k--) {
            buffer[k] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        return pos + FIELD_CHARS;
    }
}
