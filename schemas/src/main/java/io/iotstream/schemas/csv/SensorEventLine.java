package io.iotstream.schemas.csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The original IoT Analytics Benchmark's sensor event line, as its {@code sim_sensors_lr.py} prints it and its
 * Spark Streaming job reads it from a socket:
 *
 * <pre>
 * 2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453
 * </pre>
 *
 * <p>Four comma-separated fields: the event time in UTC with milliseconds, the sensor number (from 1), the sensor
 * name {@code Sensor <number>}, and the value with five decimals. A negative sensor number ends the stream; the
 * original writes {@code <time>,-1,Sensor -1,0.00000}.
 *
 * <p>Writing: {@link #format} or, without allocating per line, a {@link Formatter}. Values are written with five
 * decimals rounded exactly as the original's {@code '%.5f'} does (half-even on the double's exact value).
 *
 * <p>Reading: {@link #parse} accepts what the original writes, and event times in any ISO-8601 UTC form
 * ({@code 2018-01-13T21:37:30Z}, more fraction digits). Everything else is a {@link MalformedLineException} naming
 * the line number and the reason: a wrong field count, a time, sensor number or value that does not parse, sensor
 * number 0, a sensor name that does not match the number, a value that is not a finite decimal number. Blank lines
 * and lines starting with {@code #} are not events: check {@link #isIgnorable} first.
 */
public final class SensorEventLine {

    /** The sensor number the original writes to end the stream; any negative number ends it. */
    public static final int END_OF_STREAM_SENSOR = -1;
    /** Decimals of the value, as the original writes it. */
    public static final int DECIMALS = 5;

    private static final String NAME_PREFIX = "Sensor ";
    private static final double SCALE = 100_000d;
    /** Below this magnitude the scaled value has well under 0.01 of rounding error: the fast path is exact. */
    private static final double FAST_PATH_LIMIT = 1e9;

    private SensorEventLine() {
    }

    /**
     * One event read from a line.
     *
     * @param time the event time
     * @param sensor the sensor number: 1..n, or negative for the end of the stream
     * @param value the value as written (five decimals in the original)
     */
    public record Event(Instant time, int sensor, double value) {
        public Event {
            Objects.requireNonNull(time, "time");
        }

        /** Whether this is the end-of-stream marker (a negative sensor number). */
        public boolean isEndOfStream() {
            return sensor < 0;
        }
    }

    /**
     * The line for one event, without a line terminator.
     *
     * @throws IllegalArgumentException if the value is not finite or the time's year is outside 0000..9999
     */
    public static String format(Instant time, int sensor, double value) {
        return new Formatter().append(new StringBuilder(48), time.toEpochMilli(), sensor, value).toString();
    }

    /** The end-of-stream line the original writes: {@code <time>,-1,Sensor -1,0.00000}. */
    public static String endOfStream(Instant time) {
        return format(time, END_OF_STREAM_SENSOR, 0.0);
    }

    /** Blank lines and {@code #} comments (e.g. a licence header on a sample file) carry no event. */
    public static boolean isIgnorable(CharSequence line) {
        int i = 0;
        int n = line.length();
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i == n || line.charAt(i) == '#';
    }

    /**
     * Parses one line (without its terminator; trailing whitespace such as a {@code \r} is ignored).
     *
     * @param lineNumber the line's number in its stream, for the exception
     * @throws MalformedLineException naming the line number and what is wrong
     */
    public static Event parse(String line, long lineNumber) throws MalformedLineException {
        Objects.requireNonNull(line, "line");
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        int c1 = line.indexOf(',');
        int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
        int c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
        int c4 = c3 < 0 ? -1 : line.indexOf(',', c3 + 1);
        if (c3 < 0 || c3 >= end || (c4 >= 0 && c4 < end)) {
            throw malformed(lineNumber, "expected 4 comma-separated fields (time,sensor,Sensor n,value), found "
                    + fieldCount(line, end), line);
        }
        Instant time = parseTime(line, 0, c1, lineNumber);
        int sensor = parseSensor(line, c1 + 1, c2, lineNumber);
        checkName(line, c2 + 1, c3, sensor, lineNumber);
        double value = parseValue(line, c3 + 1, end, lineNumber);
        return new Event(time, sensor, value);
    }

    /**
     * Writes event lines into a {@link StringBuilder} without allocating per line (the date and time up to the
     * second are cached). Not thread-safe: one per writing thread.
     */
    public static final class Formatter {
        private long cachedSecond = Long.MIN_VALUE;
        private final char[] secondPrefix = new char[19]; // yyyy-MM-ddTHH:mm:ss

        /**
         * Appends the line for one event, without a line terminator.
         *
         * @param epochMillis the event time, in milliseconds since the epoch
         * @return {@code line}
         * @throws IllegalArgumentException if the value is not finite or the year is outside 0000..9999
         */
        public StringBuilder append(StringBuilder line, long epochMillis, int sensor, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("sensor " + sensor + " value " + value
                        + " is not a finite number: the event line format has no way to write it");
            }
            long second = Math.floorDiv(epochMillis, 1000L);
            if (second != cachedSecond) {
                fillSecondPrefix(second);
            }
            int millis = (int) Math.floorMod(epochMillis, 1000L);
            line.append(secondPrefix).append('.');
            pad(line, millis, 3);
            line.append("Z,").append(sensor).append(',').append(NAME_PREFIX).append(sensor).append(',');
            appendValue(line, value);
            return line;
        }

        private void fillSecondPrefix(long second) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            int year = t.getYear();
            if (year < 0 || year > 9999) {
                throw new IllegalArgumentException("event time " + Instant.ofEpochSecond(second)
                        + " has a year outside 0000..9999, which the event line format cannot write");
            }
            digits(secondPrefix, 0, year, 4);
            secondPrefix[4] = '-';
            digits(secondPrefix, 5, t.getMonthValue(), 2);
            secondPrefix[7] = '-';
            digits(secondPrefix, 8, t.getDayOfMonth(), 2);
            secondPrefix[10] = 'T';
            digits(secondPrefix, 11, t.getHour(), 2);
            secondPrefix[13] = ':';
            digits(secondPrefix, 14, t.getMinute(), 2);
            secondPrefix[16] = ':';
            digits(secondPrefix, 17, t.getSecond(), 2);
            cachedSecond = second;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Five decimals, rounded like C's (and Python's) {@code %.5f}: half-even on the exact binary value. */
    static void appendValue(StringBuilder line, double value) {
        boolean negative = value < 0 || Double.doubleToRawLongBits(value) == Long.MIN_VALUE;
        double magnitude = Math.abs(value);
        if (negative) {
            line.append('-');
        }
        if (magnitude >= FAST_PATH_LIMIT) {
            line.append(new BigDecimal(magnitude).setScale(DECIMALS, RoundingMode.HALF_EVEN).toPlainString());
            return;
        }
        double scaled = magnitude * SCALE;
        long units = (long) scaled;
        double fraction = scaled - units;
        // The product carries a rounding error of about one ulp: only a near-tie needs the exact decimal value.
        if (Math.abs(fraction - 0.5) < 1e-6) {
            units = new BigDecimal(magnitude).setScale(DECIMALS, RoundingMode.HALF_EVEN).unscaledValue().longValue();
        } else if (fraction > 0.5) {
            units++;
        }
        line.append(units / 100_000L).append('.');
        pad(line, (int) (units % 100_000L), DECIMALS);
    }

    private static void pad(StringBuilder line, int value, int width) {
        for (int p = width - 1, scale = pow10(p); p >= 0; p--, scale /= 10) {
            line.append((char) ('0' + (value / scale) % 10));
        }
    }

    private static int pow10(int p) {
        int r = 1;
        for (int i = 0; i < p; i++) {
            r *= 10;
        }
        return r;
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int fieldCount(String line, int end) {
        int count = 1;
        for (int i = 0; i < end; i++) {
            if (line.charAt(i) == ',') {
                count++;
            }
        }
        return count;
    }

    private static Instant parseTime(String line, int from, int to, long lineNumber) throws MalformedLineException {
        if (to - from == 24 && line.charAt(from + 23) == 'Z') {
            Instant fast = parseOriginalTime(line, from);
            if (fast != null) {
                return fast;
            }
        }
        try {
            return Instant.parse(line.substring(from, to));
        } catch (DateTimeParseException e) {
            throw malformed(lineNumber, "time '" + line.substring(from, to)
                    + "' is not an ISO-8601 UTC time like 2018-01-13T21:37:30.830Z", line);
        }
    }

    /** yyyy-MM-ddTHH:mm:ss.SSSZ without a formatter; null if it is not exactly that shape (or not a date). */
    private static Instant parseOriginalTime(String s, int at) {
        if (s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-' || s.charAt(at + 10) != 'T'
                || s.charAt(at + 13) != ':' || s.charAt(at + 16) != ':' || s.charAt(at + 19) != '.') {
            return null;
        }
        int year = number(s, at, 4);
        int month = number(s, at + 5, 2);
        int day = number(s, at + 8, 2);
        int hour = number(s, at + 11, 2);
        int minute = number(s, at + 14, 2);
        int second = number(s, at + 17, 2);
        int millis = number(s, at + 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, millis * 1_000_000L);
    }

    /** The decimal number in {@code s[at, at+width)}, or -1 if a character is not a digit. */
    private static int number(String s, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int parseSensor(String line, int from, int to, long lineNumber) throws MalformedLineException {
        int sensor;
        try {
            sensor = Integer.parseInt(line, from, to, 10);
        } catch (NumberFormatException e) {
            throw malformed(lineNumber, "sensor number '" + line.substring(from, to) + "' is not an integer", line);
        }
        if (sensor == 0) {
            throw malformed(lineNumber, "sensor number 0: sensors are numbered from 1 (a negative number ends "
                    + "the stream)", line);
        }
        return sensor;
    }

    private static void checkName(String line, int from, int to, int sensor, long lineNumber)
            throws MalformedLineException {
        boolean matches = line.startsWith(NAME_PREFIX, from);
        if (matches) {
            try {
                matches = Integer.parseInt(line, from + NAME_PREFIX.length(), to, 10) == sensor
                        && line.charAt(from + NAME_PREFIX.length()) != '+';
            } catch (NumberFormatException e) {
                matches = false;
            }
        }
        if (!matches) {
            throw malformed(lineNumber, "sensor name '" + line.substring(from, to) + "' does not match sensor number "
                    + sensor + ": expected 'Sensor " + sensor + "'", line);
        }
    }

    private static double parseValue(String line, int from, int to, long lineNumber) throws MalformedLineException {
        boolean plain = to > from;
        for (int i = from; i < to && plain; i++) {
            char c = line.charAt(i);
            plain = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
        }
        double value = Double.NaN;
        if (plain) {
            try {
                value = Double.parseDouble(line.substring(from, to));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (!Double.isFinite(value)) {
            throw malformed(lineNumber, "value '" + line.substring(from, to) + "' is not a finite decimal number",
                    line);
        }
        return value;
    }

    private static MalformedLineException malformed(long lineNumber, String reason, String line) {
        return new MalformedLineException(lineNumber, reason, line);
    }
}
