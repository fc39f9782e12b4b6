package io.iotstream.scoring;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.synthetic.FailureRule;
import java.time.Instant;
import java.util.Map;

/** Model artifacts for the scorer's tests. */
public final class Models {

    public static final String NAME = "sensor-failure";

    private Models() {
    }

    public static Provenance provenance() {
        return new Provenance("test", "0", Map.of(), "memory:", "sha256:" + "0".repeat(64), 0,
                Instant.parse("2026-01-01T00:00:00Z"), null, null);
    }

    /**
     * A model over {@code n} sensors that needs attention exactly when sensor 1 is above 0.5 (with the others
     * anywhere): weight 20 on sensor 1, none elsewhere, intercept -10. At the neutral vector (all 0.5) the
     * probability is exactly 0.5, not above the threshold.
     */
    public static ModelArtifact sensorOneHigh(String version, int n) {
        double[] w = new double[n];
        w[0] = 20;
        return ModelArtifact.builder(NAME, version).features(FeatureSpec.sensors(n)).weights(w).intercept(-10)
                .provenance(provenance()).build();
    }

    /** The opposite of {@link #sensorOneHigh}: attention when sensor 1 is below 0.5. */
    public static ModelArtifact sensorOneLow(String version, int n) {
        double[] w = new double[n];
        w[0] = -20;
        return ModelArtifact.builder(NAME, version).features(FeatureSpec.sensors(n)).weights(w).intercept(10)
                .provenance(provenance()).build();
    }

    /** A model with the same weights on every sensor: {@code p = σ(Σ x − n/2)}. */
    public static ModelArtifact uniform(String version, int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return ModelArtifact.builder(NAME, version).features(FeatureSpec.sensors(n)).weights(w).intercept(-n / 2.0)
                .provenance(provenance()).build();
    }

    /**
     * The original benchmark's labelling rule as a logistic regression: weights {@code s} on sensor {@code s},
     * intercept {@code -cutoff}, scaled so the probability is sharp; attention exactly when the rule labels 1.
     */
    public static ModelArtifact ofRule(String version, FailureRule rule, double scale) {
        int n = rule.sensors();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = scale * (i + 1);
        }
        return ModelArtifact.builder(NAME, version).features(FeatureSpec.sensors(n)).weights(w)
                .intercept(-scale * rule.cutoff()).provenance(provenance()).build();
    }
}
