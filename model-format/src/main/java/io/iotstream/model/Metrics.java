package io.iotstream.model;

/**
 * Names of the holdout metrics trainers put into {@link ModelArtifact#metrics()}, so that the trainer, the store's
 * listings and dashboards agree on spelling. Any other name is allowed too; these are the ones tools look for.
 * Rates are in [0,1]; the confusion counts are at the artifact's threshold and stored as doubles.
 */
public final class Metrics {

    /** Area under the ROC curve. */
    public static final String AUC = "auc";
    /** Area under the precision-recall curve; more telling than AUC when failures are rare. */
    public static final String PR_AUC = "pr_auc";
    public static final String ACCURACY = "accuracy";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String F1 = "f1";
    /** True positives: failures flagged. */
    public static final String TP = "tp";
    /** False positives: healthy vectors flagged. */
    public static final String FP = "fp";
    /** True negatives: healthy vectors not flagged. */
    public static final String TN = "tn";
    /** False negatives: failures missed. */
    public static final String FN = "fn";

    private Metrics() {
    }
}
