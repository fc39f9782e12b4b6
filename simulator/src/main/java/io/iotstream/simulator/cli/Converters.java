package io.iotstream.simulator.cli;

import io.iotstream.simulator.SimulateConfig;
import io.iotstream.simulator.SinkKind;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag value converters shared by the commands: durations, rates, sinks. */
final class Converters {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Converters() {
    }

    /** {@code 500ms}, {@code 30s}, {@code 1.5m}, {@code 2h}, or ISO-8601 ({@code PT30S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE_DURATION.matcher(text);
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                double nanosPerUnit = switch (m.group(2)) {
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    default -> 3600e9;
                };
                return Duration.ofNanos(Math.round(amount * nanosPerUnit));
            }
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 30s, 5m, 2h "
                        + "or PT30S");
            }
        }
    }

    /** A positive number of events per second, or {@code max}. */
    static final class RateConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.trim().equalsIgnoreCase("max")) {
                return SimulateConfig.MAX_RATE;
            }
            try {
                double rate = Double.parseDouble(value.trim());
                if (rate > 0 && Double.isFinite(rate)) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not a rate: use a positive number of events per "
                    + "second, e.g. 1000, or max");
        }
    }

    /** kafka, tcp or stdout, any case. */
    static final class SinkConverter implements ITypeConverter<SinkKind> {
        @Override
        public SinkKind convert(String value) {
            try {
                return SinkKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a sink: use kafka, tcp or stdout");
            }
        }
    }
}
