package io.iotstream.scoring.model;

import io.iotstream.model.ModelArtifact;

/**
 * Where a served model's probabilities come from: the seam that lets the production topology score through
 * something other than the scorer's own logistic regression.
 *
 * <p>{@link #INCREMENTAL}, the default and the only one the scorer ships with, keeps each device's margin up to
 * date in O(1) per reading and reads the probability off it. Any other factory makes a {@link VectorScorer} per
 * model, which is handed the device's whole vector at every score. The benchmark's peer B uses this to run the
 * scorer's own topology — decoding, per-device state, changelog, cadence, alerts, dead letters — with a general
 * PMML evaluator, so that the comparison measures the scoring and nothing else.
 */
@FunctionalInterface
public interface ScorerFactory {

    /** The scorer's own incremental logistic margin: no {@link VectorScorer}. */
    ScorerFactory INCREMENTAL = artifact -> null;

    /**
     * The vector scorer for a model about to serve, or null to use the incremental margin. Called once per model
     * swap, never on the hot path; a thrown exception refuses the model like any other bad model.
     */
    VectorScorer create(ModelArtifact artifact);

    /** Scores a device's whole sensor vector. Must be thread-safe: every stream thread calls the same instance. */
    @FunctionalInterface
    interface VectorScorer {

        /**
         * @param values the device's latest value of every feature, in the model's feature order; only valid during
         *     the call (the caller reuses the array)
         * @return the probability that the device needs attention
         */
        double probability(double[] values);
    }
}
