package io.iotstream.training.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a freshly trained model may go live: every condition on its holdout metrics holds ({@code auc>=0.97}), and
 * for each metric a condition names, the candidate is not worse than the live model's value by more than
 * {@code maxRegression} (higher is better for {@code >=}/{@code >} conditions, lower for {@code <=}/{@code <}).
 *
 * <p>Syntax: conditions separated by {@code ,} or {@code &&}, each {@code <metric> <op> <number>} with op one of
 * {@code >= > <= <}, e.g. {@code "auc>=0.97, recall>=0.9"}. Immutable.
 */
public final class PromotionGate {

    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*(>=|<=|>|<)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");

    /** One comparison of a metric with a constant. */
    public record Condition(String metric, String op, double value) {

        boolean holds(double actual) {
            return switch (op) {
                case ">=" -> actual >= value;
                case ">" -> actual > value;
                case "<=" -> actual <= value;
                case "<" -> actual < value;
                default -> throw new IllegalStateException(op);
            };
        }

        boolean higherIsBetter() {
            return op.startsWith(">");
        }

        @Override
        public String toString() {
            return metric + op + value;
        }
    }

    /** The gate's verdict and the reasons, one per check, for the command's output. */
    public record Decision(boolean pass, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    private final List<Condition> conditions;
    private final double maxRegression;

    private PromotionGate(List<Condition> conditions, double maxRegression) {
        this.conditions = List.copyOf(conditions);
        this.maxRegression = maxRegression;
    }

    /**
     * Parses a gate.
     *
     * @param expression    e.g. {@code auc>=0.97}
     * @param maxRegression how much worse than the live model a metric may be (0 = not worse at all)
     * @throws IllegalArgumentException naming the flag and the expected syntax
     */
    public static PromotionGate parse(String expression, double maxRegression) {
        Objects.requireNonNull(expression, "expression");
        if (!(maxRegression >= 0) || Double.isInfinite(maxRegression)) {
            throw new IllegalArgumentException("--max-regression is " + maxRegression + ": use a finite value >= 0");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : expression.split(",|&&")) {
            Matcher m = CONDITION.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("--promote-if '" + expression + "': cannot read '" + part.strip()
                        + "': write conditions like 'auc>=0.97' (metric, one of >= > <= <, number), separated by "
                        + "',' or '&&'");
            }
            conditions.add(new Condition(m.group(1).toLowerCase(Locale.ROOT), m.group(2),
                    Double.parseDouble(m.group(3))));
        }
        return new PromotionGate(conditions, maxRegression);
    }

    public List<Condition> conditions() {
        return conditions;
    }

    public double maxRegression() {
        return maxRegression;
    }

    /**
     * Judges a candidate.
     *
     * @param candidate the candidate's metrics
     * @param live      the live model's id and metrics, if a model is live
     */
    public Decision evaluate(Map<String, Double> candidate, Optional<Live> live) {
        List<String> reasons = new ArrayList<>();
        boolean pass = true;
        for (Condition c : conditions) {
            Double actual = candidate.get(c.metric());
            if (actual == null) {
                pass = false;
                reasons.add(c + ": FAILED, the model has no metric '" + c.metric()
                        + "' (undefined on this holdout, or not a metric iottrain computes)");
                continue;
            }
            if (c.holds(actual)) {
                reasons.add(c + ": ok (" + format(actual) + ")");
            } else {
                pass = false;
                reasons.add(c + ": FAILED (" + format(actual) + ")");
            }
            if (live.isPresent()) {
                Double liveValue = live.get().metrics().get(c.metric());
                if (liveValue == null) {
                    reasons.add(c.metric() + " vs live " + live.get().id() + ": not compared, the live model has no "
                            + c.metric());
                    continue;
                }
                boolean notWorse = c.higherIsBetter()
                        ? actual >= liveValue - maxRegression
                        : actual <= liveValue + maxRegression;
                String what = c.metric() + " " + format(actual) + " vs live " + live.get().id() + " " + format(liveValue)
                        + " (max regression " + format(maxRegression) + ")";
                reasons.add(what + (notWorse ? ": ok" : ": FAILED, worse than the live model"));
                pass &= notWorse;
            }
        }
        return new Decision(pass, reasons);
    }

    /** The live model a candidate is compared with. */
    public record Live(String id, Map<String, Double> metrics) {
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public String toString() {
        return conditions + " maxRegression=" + maxRegression;
    }
}
