package io.iotstream.model.pmml;

import io.iotstream.model.InvalidModelException;
import io.iotstream.model.pmml.ModelPmml.ImportOptions;
import org.dmg.pmml.regression.NumericPredictor;
import org.dmg.pmml.regression.RegressionModel;
import org.dmg.pmml.regression.RegressionTable;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.iotstream.model.pmml.PmmlNumbers.toDouble;

/**
 * Reads the two {@code RegressionTable}s of a binary logistic regression as the weights and intercept of the positive
 * category: one table holds the coefficients, the other is the reference (no predictors, intercept 0). If the
 * coefficients describe the negative category they are negated, since {@code 1 - σ(y) = σ(-y)}.
 */
final class RegressionTableReader {

    private static final Set<String> POSITIVE_NAMES = Set.of("1", "1.0", "true", "yes", "y", "positive", "pos");
    private static final Set<String> NEGATIVE_NAMES = Set.of("0", "0.0", "false", "no", "n", "negative", "neg");

    private RegressionTableReader() {
    }

    /**
     * The coefficients of the positive category over {@code inputs}, in their order.
     *
     * @param options its positive category, if given, names the category the artifact scores
     * @throws InvalidModelException if the tables are not a binary logistic regression over {@code inputs}
     */
    static Coefficients read(RegressionModel model, ModelInputs inputs, ImportOptions options)
            throws InvalidModelException {
        List<RegressionTable> tables = model.getRegressionTables();
        if (tables == null || tables.size() != 2) {
            throw new InvalidModelException("RegressionModel has " + (tables == null ? 0 : tables.size())
                    + " RegressionTables: a binary logistic regression has exactly two");
        }
        RegressionTable first = tables.get(0);
        RegressionTable second = tables.get(1);
        RegressionTable reference = reference(first, second);
        RegressionTable modelTable = reference == first ? second : first;
        requireZeroIntercept(reference);
        requireNumericPredictorsOnly(modelTable);
        String modelCategory = category(modelTable);
        String referenceCategory = category(reference);
        boolean modelIsPositive = isPositive(modelCategory, referenceCategory, options.positiveCategory());

        double[] weights = weights(modelTable, inputs);
        double intercept = toDouble(modelTable.getIntercept(), "RegressionTable intercept");
        if (modelIsPositive) {
            return new Coefficients(weights, intercept, modelCategory);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = -weights[i];
        }
        return new Coefficients(weights, -intercept, referenceCategory);
    }

    /**
     * The reference table (no predictors, intercept 0), which may come first or last; PMML4S, like the spec's logit
     * rule, takes the probability from the other table. Two empty tables make a constant model: then the reference is
     * the one with intercept 0, the last one if both are.
     */
    private static RegressionTable reference(RegressionTable first, RegressionTable second)
            throws InvalidModelException {
        boolean firstEmpty = !hasPredictors(first);
        boolean secondEmpty = !hasPredictors(second);
        if (!firstEmpty && !secondEmpty) {
            throw new InvalidModelException("both RegressionTables have predictors: import needs one reference table "
                    + "without predictors and with intercept 0 (as Spark MLlib and jpmml write binary models)");
        }
        if (firstEmpty && secondEmpty) {
            return isZero(second.getIntercept()) || !isZero(first.getIntercept()) ? second : first;
        }
        return secondEmpty ? second : first;
    }

    private static void requireZeroIntercept(RegressionTable reference) throws InvalidModelException {
        double refIntercept = toDouble(reference.getIntercept(), "RegressionTable intercept");
        if (refIntercept != 0.0) {
            throw new InvalidModelException("RegressionTable for category \"" + reference.getTargetCategory()
                    + "\" has intercept " + refIntercept + ": the reference table must have intercept 0 (Spark MLlib "
                    + "writes logit(threshold) there when its threshold is not 0.5, which PMML evaluators ignore); "
                    + "export with threshold 0.5 and pass the threshold in ImportOptions");
        }
    }

    private static void requireNumericPredictorsOnly(RegressionTable modelTable) throws InvalidModelException {
        if (modelTable.hasCategoricalPredictors() || modelTable.hasPredictorTerms()) {
            throw new InvalidModelException("RegressionTable for category \"" + modelTable.getTargetCategory()
                    + "\" has CategoricalPredictors or PredictorTerms: only NumericPredictors of sensor values can "
                    + "be imported");
        }
    }

    /** One coefficient per input, in input order; an input without a predictor has weight 0. */
    private static double[] weights(RegressionTable modelTable, ModelInputs inputs) throws InvalidModelException {
        Map<String, Integer> index = inputs.index();
        double[] weights = new double[inputs.names().size()];
        boolean[] seen = new boolean[inputs.names().size()];
        if (modelTable.hasNumericPredictors()) {
            for (NumericPredictor np : modelTable.getNumericPredictors()) {
                Integer i = index.get(np.getField());
                if (i == null) {
                    throw new InvalidModelException("NumericPredictor \"" + np.getField() + "\" is not an active "
                            + "MiningField: every predictor must read a model input");
                }
                if (np.getExponent() != null && np.getExponent() != 1) {
                    throw new InvalidModelException("NumericPredictor \"" + np.getField() + "\" has exponent "
                            + np.getExponent() + ": only linear terms (exponent 1) are a logistic regression");
                }
                if (seen[i]) {
                    throw new InvalidModelException("NumericPredictor \"" + np.getField() + "\" appears twice: "
                            + "give one coefficient per field");
                }
                seen[i] = true;
                weights[i] = toDouble(np.getCoefficient(), "NumericPredictor \"" + np.getField() + "\"@coefficient");
            }
        }
        return weights;
    }

    private static boolean isPositive(String modelCategory, String referenceCategory, String requested)
            throws InvalidModelException {
        if (requested != null) {
            if (requested.equals(modelCategory)) {
                return true;
            }
            if (requested.equals(referenceCategory)) {
                return false;
            }
            throw new InvalidModelException("positive category \"" + requested + "\" is not a target category of the "
                    + "model (\"" + modelCategory + "\", \"" + referenceCategory + "\"): pass one of them");
        }
        String m = modelCategory.toLowerCase(Locale.ROOT);
        String r = referenceCategory.toLowerCase(Locale.ROOT);
        if (POSITIVE_NAMES.contains(m) && !POSITIVE_NAMES.contains(r)) {
            return true;
        }
        if (POSITIVE_NAMES.contains(r) && !POSITIVE_NAMES.contains(m)) {
            return false;
        }
        if (NEGATIVE_NAMES.contains(r) && !NEGATIVE_NAMES.contains(m)) {
            return true;
        }
        if (NEGATIVE_NAMES.contains(m) && !NEGATIVE_NAMES.contains(r)) {
            return false;
        }
        throw new InvalidModelException("cannot tell which target category is positive (\"" + modelCategory
                + "\" or \"" + referenceCategory + "\"): pass ImportOptions.DEFAULTS.withPositiveCategory(...)");
    }

    private static String category(RegressionTable t) throws InvalidModelException {
        Object c = t.getTargetCategory();
        if (c == null) {
            throw new InvalidModelException("RegressionTable@targetCategory is missing: a classification table must "
                    + "name its category");
        }
        String s = c.toString();
        // Integer-typed targets may arrive as 1.0 from some writers; compare them as the integers they are.
        if (c instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            s = Long.toString(n.longValue());
        }
        return s;
    }

    private static boolean hasPredictors(RegressionTable t) {
        return t.hasNumericPredictors() || t.hasCategoricalPredictors() || t.hasPredictorTerms();
    }

    private static boolean isZero(Number n) {
        return n != null && n.doubleValue() == 0.0;
    }

    /**
     * Weights and intercept for the positive category.
     *
     * @param positiveCategory the file's name for that category, which a foreign file's provenance records
     */
    record Coefficients(double[] weights, double intercept, String positiveCategory) {
    }
}
