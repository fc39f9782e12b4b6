package io.iotstream.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.cli.settings.SettingNames;
import io.iotstream.simulator.SimulateConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void shouldReadDurationsWithUnitsOrIso() {
        Converters.DurationConverter c = new Converters.DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(c.convert("0s")).isEqualTo(Duration.ZERO);
        assertThat(c.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> c.convert("10")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> c.convert("-5s")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void shouldReadRates() {
        Converters.RateConverter c = new Converters.RateConverter();
        assertThat(c.convert("1000")).isEqualTo(1000.0);
        assertThat(c.convert("0.5")).isEqualTo(0.5);
        assertThat(c.convert("MAX")).isEqualTo(SimulateConfig.MAX_RATE);
        assertThatThrownBy(() -> c.convert("-1")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> c.convert("Infinity")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void shouldNameTheEnvironmentVariableOfAnOption() {
        assertThat(SettingNames.envName("--fault-after")).isEqualTo("IOTSTREAM_FAULT_AFTER");
        assertThat(SettingNames.envName("--bootstrap-servers")).isEqualTo("IOTSTREAM_BOOTSTRAP_SERVERS");
    }
}
