package io.iotstream.training.train;

/** What fits the logistic regression. */
public enum Engine {
    /** Spark ML {@code LogisticRegression} (L-BFGS/OWL-QN), on any Spark master. */
    SPARK,
    /** Tribuo's SGD logistic regression in this JVM, without Spark: for small data and CI retrains. */
    TRIBUO;

    public static Engine parse(String value) {
        for (Engine e : values()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("engine '" + value + "' is not known: use spark or tribuo");
    }
}
