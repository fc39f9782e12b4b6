package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettleTest {

    private final BenchProgress progress = new BenchProgress(new PrintWriter(new StringWriter()));

    @Test
    void shouldNotWaitWhenToldNotTo() throws Exception {
        Settle.Outcome o = Settle.untilQuiet(Duration.ZERO, progress);
        assertThat(o.checked()).isFalse();
        assertThat(o.describe()).isEqualTo("not waiting for a quiet machine (--settle-seconds 0)");
    }

    @Test
    void shouldSampleAtLeastOnceAndSayWhatItFound() throws Exception {
        // Quiet or not depends on the machine; what is fixed is that it looked and says so.
        Settle.Outcome o = Settle.untilQuiet(Duration.ofSeconds(1), progress);
        assertThat(o.checked()).isTrue();
        assertThat(o.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(o.cpu()).isBetween(0.0, 1.0);
        assertThat(o.describe()).containsPattern("(quiet|not quiet, measuring anyway,) after \\d+\\.\\d s "
                + "\\(system CPU \\d+%");
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(Settle.dirtyBytes()).isPresent();
        }
    }
}
