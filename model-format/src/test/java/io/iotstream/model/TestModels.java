package io.iotstream.model;

import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/** Artifacts for tests: the documented sample and seeded random models. */
public final class TestModels {

    /** Sensors of the documented sample, as in the original benchmark's sensor_data.csv. */
    public static final int SAMPLE_SENSORS = 10;

    private TestModels() {
    }

    public static Provenance provenance() {
        return new Provenance("iottrain-spark", "0.1.0",
                Map.of("regParam", "0.01", "elasticNetParam", "0.0", "maxIter", "100"),
                "s3://iotstream-data/train/sensors-10/", "sha256:"
                + "3f1c9a2b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                100_000, Instant.parse("2024-05-01T12:00:00Z"), 42L, "4f2a9c1e0b7d3a5f6e8c9b0a1d2e3f4a5b6c7d8e");
    }

    /**
     * The artifact shown in docs/model-format.md: a model of the original benchmark's labelling rule for 10 sensors
     * (score = Σ s·value_s, label 1 above 0.25·n·(n+1) = 27.5), so the weights grow with the sensor number and the
     * intercept is about -27.5 times the weight scale.
     */
    public static ModelArtifact sample() {
        return ModelArtifact.builder("sensor-failure", "2024-05-01.1")
                .features(FeatureSpec.sensors(SAMPLE_SENSORS))
                .weights(0.8125, 1.6031, 2.4517, 3.2209, 4.0388, 4.8614, 5.6102, 6.4957, 7.2371, 8.0846)
                .intercept(-22.3176)
                .threshold(0.5)
                .metric(Metrics.AUC, 0.9987)
                .metric(Metrics.PR_AUC, 0.9985)
                .metric(Metrics.ACCURACY, 0.9864)
                .metric(Metrics.PRECISION, 0.9871)
                .metric(Metrics.RECALL, 0.9858)
                .metric(Metrics.F1, 0.98645)
                .metric(Metrics.TP, 9858)
                .metric(Metrics.FP, 129)
                .metric(Metrics.TN, 9871)
                .metric(Metrics.FN, 142)
                .provenance(provenance())
                .build();
    }

    /** A model with {@code n} features and weights of mixed sign and magnitude, seeded. */
    public static ModelArtifact random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (r.nextDouble() * 2 - 1) * (r.nextBoolean() ? 1.0 : 1e-3) / Math.sqrt(n) * 8;
        }
        return ModelArtifact.builder("random-" + n, "s" + seed)
                .features(FeatureSpec.sensors(n))
                .weights(w)
                .intercept(r.nextDouble() * 2 - 1)
                .threshold(0.2 + 0.6 * r.nextDouble())
                .metric(Metrics.AUC, r.nextDouble())
                .provenance(provenance())
                .build();
    }

    /** A vector of {@code n} values uniform in [0,1), like the benchmark's sensors. */
    public static double[] vector(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
        }
        return x;
    }
}
