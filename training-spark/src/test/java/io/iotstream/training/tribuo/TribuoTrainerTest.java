package io.iotstream.training.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.training.TestData;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import io.iotstream.training.train.Engine;
import io.iotstream.training.train.LogisticParams;
import io.iotstream.training.train.Promotion;
import io.iotstream.training.train.SgdParams;
import io.iotstream.training.train.TrainConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

class TribuoTrainerTest {

    @TempDir
    Path dir;

    static TrainConfig config(String input) {
        return new TrainConfig(input, InputFormat.AUTO, 0.3, 42, Engine.TRIBUO, LogisticParams.DEFAULTS,
                SgdParams.DEFAULTS, "pump", "1", null, null, Promotion.NONE, null, "test", null);
    }

    @Test
    void shouldExportWeightsThatReproduceTribuosOwnPredictions() throws Exception {
        Path csv = TestData.csv(dir.resolve("train.csv"), 20_000, 50, 3);
        Configuration conf = new Configuration();
        InputFiles input = InputFiles.resolve(conf, csv.toString(), InputFormat.AUTO);
        TribuoTrainer.Fit fit = TribuoTrainer.fit(conf, input, config(csv.toString()), new PrintWriter(new StringWriter()));

        assertThat(fit.model().trainRows() + fit.model().holdoutRows()).isEqualTo(20_000);
        assertThat(fit.model().holdoutRows()).isBetween(5_600L, 6_400L);
        assertThat(fit.model().metrics().get(Metrics.AUC)).isGreaterThanOrEqualTo(0.97);
        assertThat(fit.model().trainer()).isEqualTo("tribuo");

        // Parity, independently of the trainer's own check: the exported weights against Tribuo's predictions.
        ModelArtifact artifact = ModelArtifact.builder("pump", "1")
                .features(FeatureSpec.sensors(50))
                .weights(fit.model().weights())
                .intercept(fit.model().intercept())
                .provenance(new Provenance("tribuo", "x", Map.of(), "memory:", "none", 0, Instant.EPOCH, null, null))
                .build();
        LogisticScorer scorer = new LogisticScorer(artifact);
        List<Prediction<Label>> predictions = fit.tribuoModel().predict(fit.holdout());
        double maxDiff = 0;
        for (int i = 0; i < predictions.size(); i++) {
            double tribuo = predictions.get(i).getOutputScores().get("1").getScore();
            maxDiff = Math.max(maxDiff, Math.abs(tribuo - scorer.probability(fit.holdoutFeatures().get(i))));
            assertThat(predictions.get(i).getOutput().getLabel())
                    .isEqualTo(scorer.probability(fit.holdoutFeatures().get(i)) > 0.5 ? "1" : "0");
        }
        assertThat(maxDiff).isLessThanOrEqualTo(1e-6);
        assertThat(fit.model().parityMaxAbsDiff()).isLessThanOrEqualTo(1e-6);
    }
}
