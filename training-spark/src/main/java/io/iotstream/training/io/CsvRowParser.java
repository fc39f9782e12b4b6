package io.iotstream.training.io;

import java.nio.charset.StandardCharsets;

/**
 * Parses the original benchmark's CSV rows, {@code label,v1,...,vn}, from UTF-8 bytes: the label must be 0 or 1
 * (written {@code 1}, {@code 1.0} or {@code 1.00000}), every value a finite decimal number. A trailing {@code \r} is
 * ignored; spaces around a field are allowed.
 *
 * <p>Numbers with at most 15 significant digits and no exponent, which is every number {@code iotgen} writes, are
 * converted without {@link Double#parseDouble}: {@code mantissa / 10^k} with both operands exact doubles is the
 * correctly rounded result (Clinger's fast path), so the value is bit for bit what {@code parseDouble} gives, at a
 * fraction of the cost. Anything else goes to {@code parseDouble}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CsvRowParser {

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private CsvRowParser() {
    }

    /** Number of comma-separated fields in the line (its commas plus one). */
    public static int fieldCount(byte[] line, int length) {
        int n = 1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ',') {
                n++;
            }
        }
        return n;
    }

    /**
     * Parses one row into {@code values} (whose length is the expected sensor count) and returns the label.
     *
     * @throws RowFormatException saying which field is wrong, or how many fields there are
     */
    public static int parse(byte[] line, int length, double[] values) throws RowFormatException {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        int expectedFields = values.length + 1;
        int fields = fieldCount(line, end);
        if (fields != expectedFields) {
            throw new RowFormatException(end == 0
                    ? "the row is empty: every row needs a label and " + values.length + " values"
                    : "the row has " + fields + " fields but " + expectedFields + " are expected (label and "
                    + values.length + " sensor values, as in the first row): every row needs the same number of "
                    + "fields");
        }
        int label = -1;
        int start = 0;
        for (int f = 0; f < expectedFields; f++) {
            int stop = start;
            while (stop < end && line[stop] != ',') {
                stop++;
            }
            double v = parseNumber(line, start, stop, f);
            if (f == 0) {
                if (v == 0.0) {
                    label = 0;
                } else if (v == 1.0) {
                    label = 1;
                } else {
                    throw new RowFormatException("the label (field 1) is " + text(line, start, stop)
                            + ": labels must be 0 or 1");
                }
            } else {
                values[f - 1] = v;
            }
            start = stop + 1;
        }
        return label;
    }

    /** Parses a whole line given as text (for tests and small inputs). */
    public static int parse(String line, double[] values) throws RowFormatException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length, values);
    }

    private static double parseNumber(byte[] b, int from, int to, int field) throws RowFormatException {
        int start = from;
        int end = to;
        while (start < end && b[start] == ' ') {
            start++;
        }
        while (end > start && b[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            throw new RowFormatException("field " + (field + 1) + " is empty: every field needs a number");
        }
        int i = start;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int significant = 0;
        int fractionDigits = 0;
        boolean point = false;
        boolean fast = i < end;
        for (; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (mantissa != 0 || c != '0') {
                    significant++;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (point) {
                    fractionDigits++;
                }
                if (significant > 15 || fractionDigits >= POWERS_OF_TEN.length) {
                    fast = false;
                    break;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                fast = false;
                break;
            }
        }
        if (fast && digits > 0) {
            double v = mantissa / POWERS_OF_TEN[fractionDigits];
            return negative ? -v : v;
        }
        String text = new String(b, start, end - start, StandardCharsets.UTF_8);
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new RowFormatException("field " + (field + 1) + " is '" + shorten(text) + "', not a number");
        }
        if (!Double.isFinite(v) || Character.isLetter(text.charAt(text.length() - 1))) {
            throw new RowFormatException("field " + (field + 1) + " is '" + shorten(text)
                    + "', not a finite decimal number");
        }
        return v;
    }

    private static String text(byte[] b, int from, int to) {
        return "'" + shorten(new String(b, from, to - from, StandardCharsets.UTF_8).strip()) + "'";
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
