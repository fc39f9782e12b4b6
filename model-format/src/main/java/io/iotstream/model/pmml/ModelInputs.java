package io.iotstream.model.pmml;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import org.dmg.pmml.DataDictionary;
import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.OpType;
import org.dmg.pmml.OutlierTreatmentMethod;
import org.dmg.pmml.regression.RegressionModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.iotstream.model.pmml.PmmlNumbers.toDouble;

/**
 * The inputs of an imported model: its active MiningFields in schema order, which become the feature names, and the
 * one missing-value replacement they share, which becomes the neutral value.
 *
 * <p>{@code names} is not validated as feature names here; {@link FeatureSpec} does that when the artifact is built,
 * so its messages stay the artifact's.
 */
record ModelInputs(List<String> names, double neutralValue) {

    /**
     * Reads the MiningSchema of {@code doc}'s model against its DataDictionary.
     *
     * @throws InvalidModelException if an input is not a raw continuous number, or the inputs disagree on the neutral
     *                               value
     */
    static ModelInputs read(PmmlDocument doc) throws InvalidModelException {
        Map<String, DataField> dataFields = dataFields(doc.pmml().getDataDictionary());
        RegressionModel model = doc.model();
        if (model.getMiningSchema() == null || !model.getMiningSchema().hasMiningFields()) {
            throw new InvalidModelException("RegressionModel has no MiningSchema fields: the model declares no inputs");
        }
        List<String> names = new ArrayList<>();
        Double neutral = null;
        for (MiningField f : model.getMiningSchema().getMiningFields()) {
            if (!isActive(f)) {
                continue;
            }
            requireContinuousNumber(f, dataFields.get(f.getName()));
            requireValuesAsIs(f);
            neutral = sharedReplacement(f, neutral);
            names.add(f.getName());
        }
        if (names.isEmpty()) {
            throw new InvalidModelException("MiningSchema has no active fields: the model has no inputs to score");
        }
        return new ModelInputs(names, neutral == null ? FeatureSpec.DEFAULT_NEUTRAL_VALUE : neutral);
    }

    /** The position of every input in the feature vector. */
    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return index;
    }

    /** The inputs as features; throws {@link IllegalArgumentException} if the names are not valid feature names. */
    FeatureSpec featureSpec() {
        return new FeatureSpec(names, neutralValue);
    }

    private static Map<String, DataField> dataFields(DataDictionary dictionary) {
        Map<String, DataField> dataFields = new HashMap<>();
        if (dictionary != null && dictionary.hasDataFields()) {
            for (DataField f : dictionary.getDataFields()) {
                dataFields.put(f.getName(), f);
            }
        }
        return dataFields;
    }

    private static boolean isActive(MiningField f) {
        MiningField.UsageType usage = f.getUsageType() == null ? MiningField.UsageType.ACTIVE : f.getUsageType();
        return usage == MiningField.UsageType.ACTIVE;
    }

    private static void requireContinuousNumber(MiningField f, DataField df) throws InvalidModelException {
        if (df == null) {
            throw new InvalidModelException("MiningField \"" + f.getName() + "\" has no DataField in the "
                    + "DataDictionary: the PMML is inconsistent; export it again");
        }
        if (df.getOpType() != OpType.CONTINUOUS || !isNumeric(df.getDataType())) {
            throw new InvalidModelException("DataField \"" + f.getName() + "\" is " + df.getOpType() + " "
                    + df.getDataType() + ": every input must be a continuous number (a sensor value)");
        }
    }

    private static void requireValuesAsIs(MiningField f) throws InvalidModelException {
        OutlierTreatmentMethod outliers = f.getOutlierTreatment();
        if (outliers != null && outliers != OutlierTreatmentMethod.AS_IS) {
            throw new InvalidModelException("MiningField \"" + f.getName() + "\" has outlierTreatment " + outliers
                    + ": the scorer uses values as they are; export the model without outlier treatment");
        }
    }

    /**
     * {@code f}'s missing-value replacement if it has one, else {@code neutral} (the earlier fields' replacement, or
     * {@code null} if none had one); an artifact has a single neutral value, so the fields must agree.
     */
    private static Double sharedReplacement(MiningField f, Double neutral) throws InvalidModelException {
        if (f.getMissingValueReplacement() == null) {
            return neutral;
        }
        double r = toDouble(f.getMissingValueReplacement(),
                "MiningField \"" + f.getName() + "\"@missingValueReplacement");
        if (neutral != null && Double.compare(neutral, r) != 0) {
            throw new InvalidModelException("MiningField \"" + f.getName() + "\"@missingValueReplacement is "
                    + r + " but an earlier field has " + neutral + ": an artifact has one neutral value for "
                    + "all features; use the same replacement everywhere, or none");
        }
        return r;
    }

    private static boolean isNumeric(DataType t) {
        return t == DataType.DOUBLE || t == DataType.FLOAT || t == DataType.INTEGER;
    }
}
