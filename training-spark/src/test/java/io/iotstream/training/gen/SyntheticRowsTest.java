package io.iotstream.training.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.training.io.CsvRowParser;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticRowsTest {

    private static final FailureRule RULE = FailureRule.standard(20);

    @Test
    void shouldDependOnlyOnSeedDomainAndRowNumber() {
        SyntheticRows a = new SyntheticRows(SeedDomain.TRAINING, 7, RULE);
        SyntheticRows b = new SyntheticRows(SeedDomain.TRAINING, 7, RULE);
        // b generates rows in another order: row 5 is the same whoever produces it, and whenever.
        b.generate(99);
        b.generate(5);
        int[] fromB = b.quanta().clone();
        a.generate(5);
        assertThat(a.quanta()).containsExactly(fromB);
    }

    @Test
    void shouldLabelByTheFailureRuleOfTheRoundedValues() throws Exception {
        SyntheticRows rows = new SyntheticRows(SeedDomain.TRAINING, 3, RULE);
        double[] parsed = new double[RULE.sensors()];
        int ones = 0;
        for (long r = 0; r < 2000; r++) {
            int label = rows.generate(r);
            ones += label;
            assertThat(label).isEqualTo(RULE.label(rows.values()));
            // The CSV text parses back to exactly the values the label was computed from.
            int parsedLabel = CsvRowParser.parse(CsvLines.format(label, rows.quanta()), parsed);
            assertThat(parsedLabel).isEqualTo(label);
            assertThat(parsed).containsExactly(rows.values());
            for (int i = 0; i < parsed.length; i++) {
                assertThat(rows.values()[i]).isEqualTo(rows.quanta()[i] / 1e5);
            }
        }
        assertThat(ones / 2000.0).isBetween(0.45, 0.55);
    }

    @Test
    void shouldNeverRepeatTrainingRowsInTestingRows() {
        Set<String> training = new HashSet<>();
        SyntheticRows train = new SyntheticRows(SeedDomain.TRAINING, 11, RULE);
        SyntheticRows test = new SyntheticRows(SeedDomain.TESTING, 11, RULE);
        for (long r = 0; r < 20_000; r++) {
            train.generate(r);
            training.add(Arrays.toString(train.quanta()));
        }
        Set<String> testing = new HashSet<>();
        for (long r = 0; r < 20_000; r++) {
            test.generate(r);
            testing.add(Arrays.toString(test.quanta()));
        }
        testing.retainAll(training);
        assertThat(testing).isEmpty();
    }

    @Test
    void shouldGiveOtherRowsForAnotherSeed() {
        SyntheticRows a = new SyntheticRows(SeedDomain.TRAINING, 1, RULE);
        SyntheticRows b = new SyntheticRows(SeedDomain.TRAINING, 2, RULE);
        a.generate(0);
        b.generate(0);
        assertThat(a.quanta()).isNotEqualTo(b.quanta());
    }
}
