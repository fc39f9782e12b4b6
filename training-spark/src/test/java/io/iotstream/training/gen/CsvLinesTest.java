package io.iotstream.training.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CsvLinesTest {

    @Test
    void shouldFormatEveryQuantumExactlyLikePercentPointFiveF() {
        for (int q = 0; q <= SyntheticRows.SCALE; q++) {
            String expected = String.format(Locale.ROOT, "%.5f", q / 1e5);
            assertThat(CsvLines.format(0, new int[] {q})).as("quantum %d", q).isEqualTo("0.00000," + expected);
        }
    }

    @Test
    void shouldWriteTheOriginalLayout() {
        assertThat(CsvLines.format(1, new int[] {50457, 6221, 7500, 100000, 0}))
                .isEqualTo("1.00000,0.50457,0.06221,0.07500,1.00000,0.00000");
        assertThat(CsvLines.length(5)).isEqualTo("1.00000,0.50457,0.06221,0.07500,1.00000,0.00000".length());
    }

    @Test
    void shouldRefuseValuesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> CsvLines.format(0, new int[] {100001})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvLines.format(0, new int[] {-1})).isInstanceOf(IllegalArgumentException.class);
    }
}
