package io.iotstream.training.train;

import io.iotstream.model.Metrics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holdout metrics with the definitions of Spark ML's {@code BinaryClassificationEvaluator} (no binning), so that an
 * artifact's {@code auc} means the same whichever engine trained it:
 * <ul>
 *   <li>ROC AUC: trapezoids through (0,0), one (FPR, TPR) point per distinct score (descending), and (1,1);</li>
 *   <li>PR AUC: trapezoids through (0, precision at the highest score) and one (recall, precision) point per
 *       distinct score;</li>
 *   <li>accuracy, precision, recall, F1 and the confusion counts at the model's threshold ({@code p > threshold}).</li>
 * </ul>
 * Metrics that are undefined on the holdout (AUC with one class only, precision with nothing flagged) are left out,
 * as {@link io.iotstream.model.ModelArtifact} requires.
 */
public final class HoldoutMetrics {

    private HoldoutMetrics() {
    }

    /** Confusion counts at the threshold. */
    public record Confusion(long tp, long fp, long tn, long fn) {

        /** Counts {@code p > threshold} against the labels. */
        public static Confusion of(double[] probabilities, int[] labels, double threshold) {
            long tp = 0;
            long fp = 0;
            long tn = 0;
            long fn = 0;
            for (int i = 0; i < labels.length; i++) {
                boolean flagged = probabilities[i] > threshold;
                if (labels[i] == 1) {
                    if (flagged) {
                        tp++;
                    } else {
                        fn++;
                    }
                } else if (flagged) {
                    fp++;
                } else {
                    tn++;
                }
            }
            return new Confusion(tp, fp, tn, fn);
        }

        public long total() {
            return tp + fp + tn + fn;
        }

        /** Counts, accuracy, precision, recall and F1, leaving out what is undefined. */
        public Map<String, Double> asMetrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(Metrics.TP, (double) tp);
            m.put(Metrics.FP, (double) fp);
            m.put(Metrics.TN, (double) tn);
            m.put(Metrics.FN, (double) fn);
            if (total() > 0) {
                m.put(Metrics.ACCURACY, (double) (tp + tn) / total());
            }
            double precision = tp + fp > 0 ? (double) tp / (tp + fp) : Double.NaN;
            double recall = tp + fn > 0 ? (double) tp / (tp + fn) : Double.NaN;
            putIfFinite(m, Metrics.PRECISION, precision);
            putIfFinite(m, Metrics.RECALL, recall);
            if (precision + recall > 0) {
                putIfFinite(m, Metrics.F1, 2 * precision * recall / (precision + recall));
            }
            return m;
        }
    }

    /** All metrics of {@code probabilities} (of label 1) against {@code labels} at {@code threshold}. */
    public static Map<String, Double> compute(double[] probabilities, int[] labels, double threshold) {
        Map<String, Double> m = new LinkedHashMap<>();
        putIfFinite(m, Metrics.AUC, rocAuc(probabilities, labels));
        putIfFinite(m, Metrics.PR_AUC, prAuc(probabilities, labels));
        m.putAll(Confusion.of(probabilities, labels, threshold).asMetrics());
        return m;
    }

    /** Adds {@code value} under {@code name} unless it is NaN or infinite. */
    public static void putIfFinite(Map<String, Double> metrics, String name, double value) {
        if (Double.isFinite(value)) {
            metrics.put(name, value);
        }
    }

    /** Area under the ROC curve; NaN without positives or negatives. */
    public static double rocAuc(double[] scores, int[] labels) {
        Curve c = curve(scores, labels);
        if (c.positives == 0 || c.negatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        double prevX = 0;
        double prevY = 0;
        for (int i = 0; i < c.points; i++) {
            double x = (double) c.fp[i] / c.negatives;
            double y = (double) c.tp[i] / c.positives;
            area += (x - prevX) * (y + prevY) / 2;
            prevX = x;
            prevY = y;
        }
        area += (1 - prevX) * (1 + prevY) / 2;
        return area;
    }

    /** Area under the precision-recall curve; NaN without positives. */
    public static double prAuc(double[] scores, int[] labels) {
        Curve c = curve(scores, labels);
        if (c.positives == 0 || c.points == 0) {
            return Double.NaN;
        }
        double prevX = 0;
        double prevY = precision(c.tp[0], c.fp[0]);
        double area = 0;
        for (int i = 0; i < c.points; i++) {
            double x = (double) c.tp[i] / c.positives;
            double y = precision(c.tp[i], c.fp[i]);
            area += (x - prevX) * (y + prevY) / 2;
            prevX = x;
            prevY = y;
        }
        return area;
    }

    private static double precision(long tp, long fp) {
        return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
    }

    /** Cumulative (tp, fp) at each distinct score, highest first. */
    private record Curve(long[] tp, long[] fp, int points, long positives, long negatives) {
    }

    private static Curve curve(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long[] tp = new long[n];
        long[] fp = new long[n];
        int points = 0;
        long cumTp = 0;
        long cumFp = 0;
        for (int i = 0; i < n; i++) {
            if (labels[order[i]] == 1) {
                cumTp++;
            } else {
                cumFp++;
            }
            boolean lastOfScore = i == n - 1 || Double.compare(scores[order[i + 1]], scores[order[i]]) != 0;
            if (lastOfScore) {
                tp[points] = cumTp;
                fp[points] = cumFp;
                points++;
            }
        }
        return new Curve(tp, fp, points, cumTp, cumFp);
    }
}
