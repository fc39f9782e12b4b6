package io.iotstream.training;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.training.gen.CsvLines;
import io.iotstream.training.gen.SyntheticRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Test inputs written without Spark, with the generator's own rows. Published in this module's test-jar (with
 * {@code sensor_data.csv}) for other modules' tests (k8s), so that none keeps its own copy.
 */
public final class TestData {

    private TestData() {
    }

    /** Writes {@code rows} training rows of {@code sensors} (standard cutoff) as the original's CSV. */
    public static Path csv(Path file, long rows, int sensors, long seed) {
        return noisyCsv(file, rows, sensors, seed, 0.0);
    }

    /**
     * As {@link #csv}, with each label flipped with probability {@code flip} (seeded): data a model learns worse
     * from, for tests of gates that must refuse it.
     */
    public static Path noisyCsv(Path file, long rows, int sensors, long seed, double flip) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The original benchmark's sample file (20 rows of 10 sensors), copied into {@code dir} as it is. */
    public static Path sensorData(Path dir) {
        Path file = dir.resolve("sensor_data.csv");
        try (InputStream in = TestData.class.getResourceAsStream("sensor_data.csv")) {
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
