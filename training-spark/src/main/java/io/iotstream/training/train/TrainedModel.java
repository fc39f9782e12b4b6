package io.iotstream.training.train;

import java.util.Map;

/**
 * What an engine trained, before it becomes an artifact: the binary logistic regression in sensor order
 * ({@code p = σ(intercept + Σ weights[i]·x[i])}), its holdout metrics, and how it was trained.
 *
 * @param weights          one per sensor, sensor 1 first
 * @param trainRows        rows the model was fitted on
 * @param holdoutRows      rows it was evaluated on
 * @param trainer          e.g. {@code spark-mllib}, {@code tribuo}
 * @param trainerVersion   the engine's version
 * @param parameters       every training parameter, as provenance strings
 * @param parityMaxAbsDiff max |p(artifact) − p(engine)| over the holdout: how exactly the exported model
 *                         reproduces the engine's own predictions (NaN without a holdout)
 */
public record TrainedModel(double[] weights, double intercept, double threshold, Map<String, Double> metrics,
                           long trainRows, long holdoutRows, String trainer, String trainerVersion,
                           Map<String, String> parameters, double parityMaxAbsDiff) {

    public TrainedModel {
        weights = weights.clone();
        metrics = Map.copyOf(metrics);
        parameters = Map.copyOf(parameters);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public int sensors() {
        return weights.length;
    }
}
