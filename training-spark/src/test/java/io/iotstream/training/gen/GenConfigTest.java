package io.iotstream.training.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenConfigTest {

    private static GenConfig config(long rows, int partitions) {
        return new GenConfig(rows, FailureRule.standard(10), partitions, "/tmp/x", OutputFormat.CSV, 1,
                SeedDomain.TRAINING, false);
    }

    @ParameterizedTest
    @CsvSource({"10,1", "10,3", "10,10", "1000003,7", "5,4"})
    void shouldSpreadRowsOverPartitionsWithoutGapsOrOverlaps(long rows, int partitions) {
        GenConfig c = config(rows, partitions);
        long expected = 0;
        for (int p = 0; p < partitions; p++) {
            assertThat(c.firstRow(p)).isEqualTo(expected);
            long size = c.endRow(p) - c.firstRow(p);
            assertThat(size).isBetween(rows / partitions, rows / partitions + 1);
            expected = c.endRow(p);
        }
        assertThat(expected).isEqualTo(rows);
    }

    @Test
    void shouldRefuseSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> config(0, 1)).hasMessageContaining("rows is 0");
        assertThatThrownBy(() -> config(10, 0)).hasMessageContaining("partitions is 0");
        assertThatThrownBy(() -> config(3, 4)).hasMessageContaining("partitions <= rows");
        assertThatThrownBy(() -> new GenConfig(10, FailureRule.standard(10), 1, " ", OutputFormat.CSV, 1,
                SeedDomain.TRAINING, false)).hasMessageContaining("output is missing");
        assertThatThrownBy(() -> new GenConfig(10, FailureRule.standard(10), 1, "/x", OutputFormat.CSV, 1,
                SeedDomain.STREAMING, false)).hasMessageContaining("STREAMING");
    }

    /** The cutoffs iotgen uses for --ones-percent against the original benchmark's (empirical) table. */
    @ParameterizedTest
    @CsvSource({"100,50,2525", "100,10,2741", "100,1,2912", "1000,50,250250", "1000,10,256970", "1000,1,262530"})
    void shouldMatchTheOriginalCutoffTable(int sensors, double percent, double original) {
        double cutoff = FailureRule.forOnesPercent(sensors, percent).cutoff();
        assertThat(cutoff).isCloseTo(original, org.assertj.core.data.Percentage.withPercentage(0.15));
    }
}
