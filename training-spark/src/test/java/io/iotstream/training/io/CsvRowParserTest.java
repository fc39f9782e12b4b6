package io.iotstream.training.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvRowParserTest {

    @Test
    void shouldParseTheOriginalFormat() throws Exception {
        double[] v = new double[3];
        assertThat(CsvRowParser.parse("1.00000,0.50457,0.06221,0.07500", v)).isEqualTo(1);
        assertThat(v).containsExactly(0.50457, 0.06221, 0.075);
        assertThat(CsvRowParser.parse("0,1,0.5,-2.25\r", v)).isZero();
        assertThat(v).containsExactly(1.0, 0.5, -2.25);
        assertThat(CsvRowParser.parse(" 1.0 , 3e-2 ,4.,  .5", v)).isEqualTo(1);
        assertThat(v).containsExactly(0.03, 4.0, 0.5);
    }

    @Test
    void shouldGiveBitForBitWhatParseDoubleGives() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        double[] v = new double[1];
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 4) {
                case 0 -> String.format(Locale.ROOT, "%.5f", random.nextDouble());
                case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-8, 9)));
                case 2 -> String.format(Locale.ROOT, "%.15f", random.nextDouble() * 1000);
                default -> Long.toString(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L)) + "."
                        + random.nextInt(0, 1000);
            };
            CsvRowParser.parse("0," + text, v);
            assertThat(v[0]).as(text).isEqualTo(Double.parseDouble(text));
        }
    }

    @Test
    void shouldSayWhatIsWrongWithARow() {
        double[] v = new double[2];
        assertThatThrownBy(() -> CsvRowParser.parse("1,0.1", v))
                .isInstanceOf(RowFormatException.class).hasMessageContaining("has 2 fields but 3 are expected");
        assertThatThrownBy(() -> CsvRowParser.parse("1,0.1,0.2,0.3", v)).hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> CsvRowParser.parse("1,0.1,abc", v)).hasMessageContaining("field 3 is 'abc', not a number");
        assertThatThrownBy(() -> CsvRowParser.parse("1,0.1,", v)).hasMessageContaining("field 3 is empty");
        assertThatThrownBy(() -> CsvRowParser.parse("2,0.1,0.2", v)).hasMessageContaining("labels must be 0 or 1");
        assertThatThrownBy(() -> CsvRowParser.parse("1,NaN,0.2", v)).hasMessageContaining("not a finite");
        assertThatThrownBy(() -> CsvRowParser.parse("1,Infinity,0.2", v)).hasMessageContaining("not a finite");
        assertThatThrownBy(() -> CsvRowParser.parse("", v)).hasMessageContaining("the row is empty");
    }
}
