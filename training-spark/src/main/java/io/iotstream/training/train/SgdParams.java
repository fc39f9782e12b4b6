package io.iotstream.training.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of Tribuo's SGD logistic regression ({@code LinearSGDTrainer} with {@code LogMulticlass} and
 * {@code AdaGrad}), with the defaults of Tribuo's {@code LogisticRegressionTrainer}.
 */
public record SgdParams(int epochs, double learningRate, double epsilon, int minibatchSize) {

    /** Tribuo's {@code LogisticRegressionTrainer}: AdaGrad(1.0, 0.1), 5 epochs, minibatch 1. */
    public static final SgdParams DEFAULTS = new SgdParams(5, 1.0, 0.1, 1);

    public SgdParams {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs is " + epochs + ": use at least 1");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate is " + learningRate + ": use a finite value > 0");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--adagrad-epsilon is " + epsilon + ": use a finite value > 0");
        }
        if (minibatchSize < 1) {
            throw new IllegalArgumentException("--minibatch is " + minibatchSize + ": use at least 1");
        }
    }

    public Map<String, String> asParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("objective", "LogMulticlass");
        p.put("optimiser", "AdaGrad");
        p.put("epochs", Integer.toString(epochs));
        p.put("learningRate", Double.toString(learningRate));
        p.put("epsilon", Double.toString(epsilon));
        p.put("minibatchSize", Integer.toString(minibatchSize));
        return p;
    }
}
