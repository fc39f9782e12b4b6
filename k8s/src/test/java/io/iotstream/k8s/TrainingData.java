package io.iotstream.k8s;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.training.gen.CsvLines;
import io.iotstream.training.gen.SyntheticRows;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Training CSVs in the original's format, from iotgen's own row generator; optionally with flipped labels. */
final class TrainingData {

    private TrainingData() {
    }

    /**
     * Writes {@code rows} rows of {@code sensors}, each label flipped with probability {@code flip} (0 for clean
     * data; noisy data gives a model with a lower AUC, which a gate must refuse).
     */
    static Path csv(Path file, int rows, int sensors, long seed, double flip) throws IOException {
        SyntheticRows gen = new SyntheticRows(SeedDomain.TRAINING, seed, FailureRule.standard(sensors));
        SplittableRandom noise = new SplittableRandom(seed);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (long r = 0; r < rows; r++) {
                int label = gen.generate(r);
                if (noise.nextDouble() < flip) {
                    label = 1 - label;
                }
                w.write(CsvLines.format(label, gen.quanta()));
                w.write('\n');
            }
        }
        return file;
    }
}
