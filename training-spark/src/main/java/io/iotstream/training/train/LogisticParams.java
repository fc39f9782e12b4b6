package io.iotstream.training.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of Spark ML's {@code LogisticRegression} that {@code iottrain} exposes, with Spark's defaults, and
 * the decision threshold the artifact keeps (attention when {@code p > threshold}, as Spark predicts).
 */
public record LogisticParams(int maxIter, double regParam, double elasticNetParam, double tol, boolean standardization,
                             boolean fitIntercept, double threshold) {

    /** Spark's defaults. */
    public static final LogisticParams DEFAULTS = new LogisticParams(100, 0.0, 0.0, 1e-6, true, true, 0.5);

    /** Validates; each error names the flag. */
    public LogisticParams {
        if (maxIter < 0) {
            throw new IllegalArgumentException("--max-iter is " + maxIter + ": use 0 or more iterations");
        }
        if (!(regParam >= 0) || Double.isInfinite(regParam)) {
            throw new IllegalArgumentException("--reg-param is " + regParam + ": use a finite value >= 0");
        }
        if (!(elasticNetParam >= 0 && elasticNetParam <= 1)) {
            throw new IllegalArgumentException("--elastic-net-param is " + elasticNetParam
                    + ": use a value in [0, 1] (0 = L2, 1 = L1)");
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("--tol is " + tol + ": use a finite value >= 0");
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("--threshold is " + threshold
                    + ": use a probability strictly between 0 and 1");
        }
    }

    /** As provenance parameters, with Spark's parameter names. */
    public Map<String, String> asParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("maxIter", Integer.toString(maxIter));
        p.put("regParam", Double.toString(regParam));
        p.put("elasticNetParam", Double.toString(elasticNetParam));
        p.put("tol", Double.toString(tol));
        p.put("standardization", Boolean.toString(standardization));
        p.put("fitIntercept", Boolean.toString(fitIntercept));
        p.put("threshold", Double.toString(threshold));
        p.put("family", "binomial");
        return p;
    }
}
