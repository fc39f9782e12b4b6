package io.iotstream.bench;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.pmml.ModelPmml;
import java.util.Arrays;
import org.pmml4s.model.Model;

/**
 * Peer B's scorer: the model exported as PMML ({@link ModelPmml}, what users hand to a general evaluator) and
 * evaluated by PMML4S through its fastest call, {@code predict(values in input order)}, which still checks and
 * converts every input field and evaluates the whole regression table on each call. Thread-safe (PMML4S models are
 * immutable); one per served model, made by the scorer's {@code ScorerFactory}.
 */
final class PmmlScorer {

    private final Model model;
    private final int probabilityIndex;

    PmmlScorer(ModelArtifact artifact) {
        this.model = Model.fromBytes(ModelPmml.write(artifact));
        String wanted = "probability_" + ModelPmml.POSITIVE_CATEGORY;
        this.probabilityIndex = Arrays.asList(model.outputNames()).indexOf(wanted);
        if (probabilityIndex < 0) {
            throw new IllegalStateException("PMML4S reports no output " + wanted + ": "
                    + Arrays.toString(model.outputNames()));
        }
        if (model.inputNames().length != artifact.features().count()) {
            throw new IllegalStateException("PMML4S sees " + model.inputNames().length + " inputs, the model has "
                    + artifact.features().count() + " features");
        }
    }

    /** Probability of attention for the vector, in the model's feature order. */
    double probability(double[] vector) {
        Object[] out = model.predict((Object) vector);
        return ((Number) out[probabilityIndex]).doubleValue();
    }
}
