package io.iotstream.schemas.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.csv.SensorEventLine.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorEventLineTest {

    private static final Instant T = Instant.parse("2018-01-13T21:37:30.830Z");

    @Test
    void shouldReadEveryLineOfTheOriginalSampleAndWriteItBackIdentically() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/benchmark/sim_sensor_output.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().forEach(lines::add);
        }
        int events = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (SensorEventLine.isIgnorable(line)) {
                continue;
            }
            Event event = parse(line, i + 1);
            assertThat(SensorEventLine.format(event.time(), event.sensor(), event.value())).isEqualTo(line);
            events++;
        }
        assertThat(events).isEqualTo(5);
        assertThat(parse(lines.get(1), 2)).isEqualTo(new Event(T, 77, 0.47453));
    }

    @Test
    void shouldWriteTheOriginalsEndOfStreamMarker() throws MalformedLineException {
        assertThat(SensorEventLine.endOfStream(T)).isEqualTo("2018-01-13T21:37:30.830Z,-1,Sensor -1,0.00000");
        assertThat(SensorEventLine.parse(SensorEventLine.endOfStream(T), 1).isEndOfStream()).isTrue();
        assertThat(SensorEventLine.parse("2018-01-13T21:37:30.830Z,-7,Sensor -7,0", 1).isEndOfStream()).isTrue();
    }

    /** Expected strings are Python's {@code '%.5f' % value}, as the original simulator writes values. */
    @ParameterizedTest
    @CsvSource({
        "0.47453, 0.47453",
        "0.123455, 0.12345",
        "0.000005, 0.00001",
        "0.5, 0.50000",
        "0.000001, 0.00000",
        "-0.000001, -0.00000",
        "0.999995, 0.99999",
        "0.999994, 0.99999",
        "2.675, 2.67500",
        "1.000005, 1.00001",
        "123456.123455, 123456.12345",
        "0.3333333333333333, 0.33333",
        "0.999999, 1.00000",
        "-12.5, -12.50000",
        "12345678901234.5, 12345678901234.50000"
    })
    void shouldRoundValuesLikeTheOriginal(double value, String expected) {
        StringBuilder sb = new StringBuilder();
        SensorEventLine.appendValue(sb, value);
        assertThat(sb.toString()).isEqualTo(expected);
    }

    @Test
    void shouldAgreeWithBigDecimalHalfEvenOnRandomValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double v = i % 2 == 0 ? random.nextDouble() : random.nextDouble(-1000, 1000);
            StringBuilder sb = new StringBuilder();
            SensorEventLine.appendValue(sb, v);
            String exact = new java.math.BigDecimal(v).setScale(5, java.math.RoundingMode.HALF_EVEN).toPlainString();
            if (v < 0 && exact.charAt(0) != '-') {
                exact = "-" + exact; // %.5f keeps the sign of small negatives: -0.00000
            }
            assertThat(sb.toString()).as("value %s", v).isEqualTo(exact);
        }
    }

    @Test
    void shouldWriteTimesAcrossSecondsWithOneFormatter() {
        SensorEventLine.Formatter formatter = new SensorEventLine.Formatter();
        long t = T.toEpochMilli();
        List<String> lines = new ArrayList<>();
        for (long ms : new long[] {t, t + 169, t + 170, t + 86_400_000L, 0, -1}) {
            lines.add(formatter.append(new StringBuilder(), ms, 3, 0.25).toString());
        }
        assertThat(lines).containsExactly(
                "2018-01-13T21:37:30.830Z,3,Sensor 3,0.25000",
                "2018-01-13T21:37:30.999Z,3,Sensor 3,0.25000",
                "2018-01-13T21:37:31.000Z,3,Sensor 3,0.25000",
                "2018-01-14T21:37:30.830Z,3,Sensor 3,0.25000",
                "1970-01-01T00:00:00.000Z,3,Sensor 3,0.25000",
                "1969-12-31T23:59:59.999Z,3,Sensor 3,0.25000");
    }

    @Test
    void shouldRefuseToWriteWhatTheFormatCannotHold() {
        assertThatThrownBy(() -> SensorEventLine.format(T, 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> SensorEventLine.format(Instant.parse("+10000-01-01T00:00:00Z"), 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0000..9999");
    }

    @Test
    void shouldAcceptOtherIsoUtcTimesAndTrailingWhitespace() throws MalformedLineException {
        assertThat(SensorEventLine.parse("2018-01-13T21:37:30Z,5,Sensor 5,0.1\r", 1))
                .isEqualTo(new Event(Instant.parse("2018-01-13T21:37:30Z"), 5, 0.1));
        assertThat(SensorEventLine.parse("2018-01-13T21:37:30.830123Z,5,Sensor 5,1e-3", 1).time())
                .isEqualTo(Instant.parse("2018-01-13T21:37:30.830123Z"));
    }

    @Test
    void shouldTreatBlankLinesAndCommentsAsIgnorable() {
        assertThat(SensorEventLine.isIgnorable("")).isTrue();
        assertThat(SensorEventLine.isIgnorable("   \t")).isTrue();
        assertThat(SensorEventLine.isIgnorable("# licence")).isTrue();
        assertThat(SensorEventLine.isIgnorable("2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2018-01-13T21:37:30.830Z,77,Sensor 77|expected 4 comma-separated fields (time,sensor,Sensor n,value), found 3",
        "2018-01-13T21:37:30.830Z,77,Sensor 77,0.5,x|expected 4 comma-separated fields (time,sensor,Sensor n,value), found 5",
        "hello|expected 4 comma-separated fields (time,sensor,Sensor n,value), found 1",
        "yesterday,77,Sensor 77,0.5|time 'yesterday' is not an ISO-8601 UTC time like 2018-01-13T21:37:30.830Z",
        "2018-02-30T21:37:30.830Z,77,Sensor 77,0.5|time '2018-02-30T21:37:30.830Z' is not an ISO-8601 UTC time",
        "2018-01-13T21:37:30.830Z,x7,Sensor 77,0.5|sensor number 'x7' is not an integer",
        "2018-01-13T21:37:30.830Z,0,Sensor 0,0.5|sensor number 0: sensors are numbered from 1",
        "2018-01-13T21:37:30.830Z,77,Sensor 78,0.5|sensor name 'Sensor 78' does not match sensor number 77",
        "2018-01-13T21:37:30.830Z,77,Temp,0.5|sensor name 'Temp' does not match sensor number 77",
        "2018-01-13T21:37:30.830Z,77,Sensor 77,NaN|value 'NaN' is not a finite decimal number",
        "2018-01-13T21:37:30.830Z,77,Sensor 77,1e999|value '1e999' is not a finite decimal number",
        "2018-01-13T21:37:30.830Z,77,Sensor 77,0x1p3|value '0x1p3' is not a finite decimal number",
        "2018-01-13T21:37:30.830Z,77,Sensor 77,0.5d|value '0.5d' is not a finite decimal number",
        "2018-01-13T21:37:30.830Z,77,Sensor 77,|value '' is not a finite decimal number"
    })
    void shouldRejectMalformedLinesNamingTheLineAndTheReason(String line, String reason) {
        assertThatThrownBy(() -> SensorEventLine.parse(line, 42))
                .isInstanceOfSatisfying(MalformedLineException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(42);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.reason()).startsWith(reason);
                    assertThat(e.getMessage()).startsWith("line 42: " + reason);
                });
    }

    @Test
    void shouldCutVeryLongLinesInTheMessage() {
        String line = "x".repeat(10_000);
        assertThatThrownBy(() -> SensorEventLine.parse(line, 1)).hasMessageEndingWith("...'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
    }

    private static Event parse(String line, long number) {
        try {
            return SensorEventLine.parse(line, number);
        } catch (MalformedLineException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
