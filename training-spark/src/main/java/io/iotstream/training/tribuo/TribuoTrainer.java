package io.iotstream.training.tribuo;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.training.io.BadInputException;
import io.iotstream.training.io.CsvFileReader;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import io.iotstream.training.io.ParquetFileReader;
import io.iotstream.training.train.HoldoutMetrics;
import io.iotstream.training.train.SgdParams;
import io.iotstream.training.train.TrainConfig;
import io.iotstream.training.train.TrainedModel;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * {@code iottrain --engine tribuo}: the same logistic regression with Tribuo's SGD trainer, in this JVM, without
 * Spark — for small data and CI retrains. Exports the same artifact as the Spark engine.
 *
 * <p>Tribuo's logistic regression is multinomial: one weight vector per label, {@code p(1) = softmax(z)_1}. With
 * two labels that is {@code σ(z1 − z0)}, so the binary artifact's weights are {@code w1 − w0} and its intercept
 * {@code b1 − b0}. Tribuo numbers features by name ({@code s1, s10, s100, s11...}); weights are looked up by name
 * and put in sensor order.
 *
 * <p>The holdout is drawn like the Spark engine's: row {@code i} goes to the holdout when the {@code i}-th uniform of
 * {@code SplittableRandom(seed)} is below the holdout share.
 */
public final class TribuoTrainer {

    /** The provenance trainer name of Tribuo-trained models. */
    public static final String TRAINER = "tribuo";

    private static final Label ONE = new Label("1");
    private static final Label ZERO = new Label("0");

    private TribuoTrainer() {
    }

    /**
     * The fitted model with Tribuo's own model and the holdout, for callers (tests) that compare further.
     *
     * @param holdout          the holdout examples
     * @param holdoutFeatures  the same rows as vectors in sensor order
     */
    public record Fit(TrainedModel model, LinearSGDModel tribuoModel, List<Example<Label>> holdout,
                      List<double[]> holdoutFeatures) {
    }

    /** Trains and evaluates. */
    public static TrainedModel train(Configuration conf, InputFiles input, TrainConfig config, PrintWriter out)
            throws BadInputException {
        return fit(conf, input, config, out).model();
    }

    /**
     * Reads the input in this JVM, trains, evaluates.
     *
     * @throws BadInputException on unusable input (bad rows, one class only)
     */
    public static Fit fit(Configuration conf, InputFiles input, TrainConfig config, PrintWriter out)
            throws BadInputException {
        long start = System.nanoTime();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(
                new SimpleDataSourceProvenance(input.location(), OffsetDateTime.now(), factory), factory);
        List<Example<Label>> holdout = new ArrayList<>();
        List<double[]> holdoutFeatures = new ArrayList<>();
        List<Integer> holdoutLabels = new ArrayList<>();
        SplittableRandom split = new SplittableRandom(config.seed());
        String[][] names = new String[1][];
        long[] counts = new long[2];
        CsvFileReader.RowHandler handler = (label, values) -> {
            if (names[0] == null) {
                names[0] = FeatureSpec.sensors(values.length).names().toArray(String[]::new);
            }
            counts[label]++;
            ArrayExample<Label> example = new ArrayExample<>(label == 1 ? ONE : ZERO, names[0], values.clone());
            if (split.nextDouble() < config.holdout()) {
                holdout.add(example);
                holdoutFeatures.add(values.clone());
                holdoutLabels.add(label);
            } else {
                train.add(example);
            }
        };
        int sensors = input.format() == InputFormat.PARQUET
                ? ParquetFileReader.read(conf, input, handler)
                : CsvFileReader.read(conf, input, handler);
        long rows = counts[0] + counts[1];
        out.printf(Locale.ROOT, "%s: Read %d rows of %d sensors (%.1f%% ones) from %s (%s) in %.1f seconds%n",
                Instant.now(), rows, sensors, 100.0 * counts[1] / rows, input.location(),
                input.format().name().toLowerCase(Locale.ROOT), seconds(start));
        out.flush();
        if (counts[0] == 0 || counts[1] == 0) {
            throw new BadInputException("input " + input.location() + ": all " + rows + " rows are labelled "
                    + (counts[1] == 0 ? 0 : 1) + ": a classifier needs rows of both labels");
        }
        if (train.size() == 0) {
            throw new BadInputException("input " + input.location() + " has " + rows
                    + " rows and the holdout took all of them: give more rows or a smaller --holdout");
        }
        if (train.getOutputInfo().size() < 2) {
            throw new BadInputException("the training split of " + input.location() + " holds only one label: "
                    + "give more rows or a smaller --holdout");
        }

        SgdParams p = config.sgd();
        // Logging interval -1: Tribuo logs the loss through java.util.logging otherwise.
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(p.learningRate(), p.epsilon()), p.epochs(), -1, p.minibatchSize(), config.seed());
        long fitStart = System.nanoTime();
        Model<Label> trained = trainer.train(train);
        LinearSGDModel model = (LinearSGDModel) trained;
        out.printf(Locale.ROOT, "%s: Fitted logistic regression with Tribuo in %.1f seconds (%d epochs)%n",
                Instant.now(), seconds(fitStart), p.epochs());
        out.flush();

        double[] weights = new double[sensors];
        double intercept = binaryWeights(model, names[0], weights);
        double threshold = config.logistic().threshold();

        Map<String, Double> metrics = Map.of();
        double parity = Double.NaN;
        if (!holdout.isEmpty()) {
            LogisticScorer scorer = new LogisticScorer(probe(weights, intercept, threshold));
            double[] mine = new double[holdout.size()];
            int[] labels = new int[holdout.size()];
            parity = 0;
            List<Prediction<Label>> predictions = model.predict(holdout);
            for (int i = 0; i < mine.length; i++) {
                mine[i] = scorer.probability(holdoutFeatures.get(i));
                labels[i] = holdoutLabels.get(i);
                double theirs = predictions.get(i).getOutputScores().get(ONE.getLabel()).getScore();
                parity = Math.max(parity, Math.abs(mine[i] - theirs));
            }
            metrics = HoldoutMetrics.compute(mine, labels, threshold);
        }
        Map<String, String> parameters = new LinkedHashMap<>(p.asParameters());
        parameters.put("threshold", Double.toString(threshold));
        TrainedModel result = new TrainedModel(weights, intercept, threshold, metrics, train.size(), holdout.size(),
                TRAINER, Tribuo.VERSION, parameters, parity);
        return new Fit(result, model, holdout, holdoutFeatures);
    }

    /** Fills {@code weights} (sensor order) with {@code w1 − w0} and returns {@code b1 − b0}. */
    static double binaryWeights(LinearSGDModel model, String[] names, double[] weights) {
        DenseMatrix w = model.getWeightsCopy();
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        ImmutableFeatureMap featureIds = model.getFeatureIDMap();
        int one = outputs.getID(ONE);
        int zero = outputs.getID(ZERO);
        int bias = w.getDimension2Size() - 1;
        for (int i = 0; i < names.length; i++) {
            int id = featureIds.getID(names[i]);
            // A sensor Tribuo never saw (always 0 in training) has no weight: 0 contributes nothing either way.
            weights[i] = id < 0 ? 0.0 : w.get(one, id) - w.get(zero, id);
        }
        return w.get(one, bias) - w.get(zero, bias);
    }

    private static ModelArtifact probe(double[] weights, double intercept, double threshold) {
        return ModelArtifact.builder("parity-check", "0")
                .features(FeatureSpec.sensors(weights.length))
                .weights(weights)
                .intercept(intercept)
                .threshold(threshold)
                .provenance(new Provenance(TRAINER, "0", Map.of(), "memory:", "none", 0, Instant.EPOCH, null, null))
                .build();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
