package io.iotstream.model.pmml;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import jakarta.xml.bind.JAXBException;
import org.dmg.pmml.Application;
import org.dmg.pmml.DataDictionary;
import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.Extension;
import org.dmg.pmml.Header;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.MiningSchema;
import org.dmg.pmml.Model;
import org.dmg.pmml.OpType;
import org.dmg.pmml.OutlierTreatmentMethod;
import org.dmg.pmml.Output;
import org.dmg.pmml.OutputField;
import org.dmg.pmml.PMML;
import org.dmg.pmml.ResultFeature;
import org.dmg.pmml.Timestamp;
import org.dmg.pmml.Value;
import org.dmg.pmml.Version;
import org.dmg.pmml.regression.NumericPredictor;
import org.dmg.pmml.regression.RegressionModel;
import org.dmg.pmml.regression.RegressionTable;
import org.jpmml.model.JAXBSerializer;
import org.jpmml.model.PMMLUtil;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * PMML 4.4 export and import of logistic regression artifacts, for tools that cannot read the JSON artifact.
 *
 * <p><b>Export</b> ({@link #write}) writes one {@code RegressionModel} (functionName {@code classification},
 * normalizationMethod {@code logit}) with target field {@value #TARGET_FIELD} (categories {@code "1"} = attention,
 * {@code "0"}): the table for {@code "1"} holds the intercept and one {@code NumericPredictor} per feature, the table
 * for {@code "0"} has intercept 0. Every feature is a continuous double {@code DataField} and an active
 * {@code MiningField} whose {@code missingValueReplacement} is the neutral value, so a PMML evaluator treats a missing
 * sensor as the scorer does. The {@code Output} has {@code probability_1}, {@code probability_0} and
 * {@code predicted_label}. PMML has no decision threshold (its predicted label is the likelier class, i.e. threshold
 * 0.5), so the threshold, metrics and provenance travel as {@code Extension name="iotstream.*"} elements in the
 * {@code Header}; they let {@link #read} restore the artifact exactly. PMML carries no checksum: the JSON artifact
 * stays the source of truth.
 *
 * <p><b>Import</b> ({@link #read}) accepts a binary logistic {@code RegressionModel} as other tools write it
 * (Spark MLlib's {@code toPMML}, jpmml-sparkml, PMML 3.0 to 4.4): exactly two {@code RegressionTable}s, one of them a
 * reference table without predictors and with intercept 0, in either order, the other with the intercept and
 * {@code NumericPredictor}s (exponent 1) over active continuous {@code MiningField}s. Which category is positive comes
 * from {@link ImportOptions#positiveCategory()} or, by default, from the category names ({@code 1}, {@code true},
 * {@code yes}, {@code positive}); if the coefficients describe the negative category, they are negated, since
 * {@code 1 - σ(y) = σ(-y)}. Anything this scorer could not evaluate identically (transformations, categorical
 * predictors, interaction terms, outlier treatment, other normalizations) is rejected with an
 * {@link InvalidModelException} that names the element.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class ModelPmml {

    /** Name of the target field in exported PMML. */
    public static final String TARGET_FIELD = "label";
    /** Target category of the attention class in exported PMML. */
    public static final String POSITIVE_CATEGORY = "1";
    /** Target category of the other class in exported PMML. */
    public static final String NEGATIVE_CATEGORY = "0";

    static final String EXTENDER = "iotstream";
    static final String EXT = "iotstream.";
    static final String EXT_THRESHOLD = EXT + "threshold";
    static final String EXT_CHECKSUM = EXT + "checksum";
    static final String EXT_METRIC = EXT + "metric.";
    static final String EXT_PROVENANCE = EXT + "provenance.";
    static final String EXT_PARAMETER = EXT_PROVENANCE + "parameter.";

    private static final Set<String> POSITIVE_NAMES = Set.of("1", "1.0", "true", "yes", "y", "positive", "pos");
    private static final Set<String> NEGATIVE_NAMES = Set.of("0", "0.0", "false", "no", "n", "negative", "neg");

    private ModelPmml() {
    }

    /** The artifact as PMML 4.4 XML (UTF-8); see the class javadoc for the layout. */
    public static byte[] write(ModelArtifact a) {
        FeatureSpec features = a.features();
        DataDictionary dictionary = new DataDictionary();
        MiningSchema schema = new MiningSchema();
        RegressionTable positive = new RegressionTable(a.intercept()).setTargetCategory(POSITIVE_CATEGORY);
        for (int i = 0; i < features.count(); i++) {
            String name = features.names().get(i);
            dictionary.addDataFields(new DataField(name, OpType.CONTINUOUS, DataType.DOUBLE));
            schema.addMiningFields(new MiningField(name)
                    .setUsageType(MiningField.UsageType.ACTIVE)
                    .setMissingValueReplacement(features.neutralValue()));
            positive.addNumericPredictors(new NumericPredictor(name, a.weight(i)));
        }
        dictionary.addDataFields(new DataField(TARGET_FIELD, OpType.CATEGORICAL, DataType.STRING)
                .addValues(new Value(NEGATIVE_CATEGORY), new Value(POSITIVE_CATEGORY)));
        dictionary.setNumberOfFields(dictionary.getDataFields().size());
        schema.addMiningFields(new MiningField(TARGET_FIELD).setUsageType(MiningField.UsageType.TARGET));

        Output output = new Output()
                .addOutputFields(
                        new OutputField("probability_" + POSITIVE_CATEGORY, OpType.CONTINUOUS, DataType.DOUBLE)
                                .setResultFeature(ResultFeature.PROBABILITY).setValue(POSITIVE_CATEGORY),
                        new OutputField("probability_" + NEGATIVE_CATEGORY, OpType.CONTINUOUS, DataType.DOUBLE)
                                .setResultFeature(ResultFeature.PROBABILITY).setValue(NEGATIVE_CATEGORY),
                        new OutputField("predicted_" + TARGET_FIELD, OpType.CATEGORICAL, DataType.STRING)
                                .setResultFeature(ResultFeature.PREDICTED_VALUE));

        RegressionModel model = new RegressionModel(MiningFunction.CLASSIFICATION, schema, null)
                .setModelName(a.id())
                .setAlgorithmName(a.algorithm())
                .setModelType(RegressionModel.ModelType.LOGISTIC_REGRESSION)
                .setNormalizationMethod(RegressionModel.NormalizationMethod.LOGIT)
                .setTargetField(TARGET_FIELD)
                .addRegressionTables(positive, new RegressionTable(0.0).setTargetCategory(NEGATIVE_CATEGORY));
        model.setOutput(output);

        Provenance p = a.provenance();
        Header header = new Header()
                .setDescription("IoTStream model " + a.id() + ", exported from artifact " + a.checksum())
                .setModelVersion(a.version())
                .setApplication(new Application(p.trainer()).setVersion(p.trainerVersion()))
                .setTimestamp(new Timestamp().addContent(p.createdAt().toString()));
        header.addExtensions(ext(EXT_CHECKSUM, a.checksum()), ext(EXT_THRESHOLD, Double.toString(a.threshold())));
        a.metrics().forEach((k, v) -> header.addExtensions(ext(EXT_METRIC + k, Double.toString(v))));
        header.addExtensions(ext(EXT_PROVENANCE + "trainer", p.trainer()),
                ext(EXT_PROVENANCE + "trainerVersion", p.trainerVersion()));
        p.parameters().forEach((k, v) -> header.addExtensions(ext(EXT_PARAMETER + k, v)));
        header.addExtensions(ext(EXT_PROVENANCE + "dataUri", p.dataUri()),
                ext(EXT_PROVENANCE + "dataFingerprint", p.dataFingerprint()),
                ext(EXT_PROVENANCE + "rows", Long.toString(p.rows())),
                ext(EXT_PROVENANCE + "createdAt", p.createdAt().toString()));
        if (p.seed() != null) {
            header.addExtensions(ext(EXT_PROVENANCE + "seed", p.seed().toString()));
        }
        if (p.gitSha() != null) {
            header.addExtensions(ext(EXT_PROVENANCE + "gitSha", p.gitSha()));
        }

        PMML pmml = new PMML(Version.PMML_4_4.getVersion(), header, dictionary).addModels(model);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + 160 * features.count());
        try {
            new JAXBSerializer().serializePretty(pmml, out);
        } catch (JAXBException e) {
            throw new IllegalStateException("PMML marshalling failed; is a JAXB runtime (jaxb-runtime) on the "
                    + "classpath?", e);
        }
        return out.toByteArray();
    }

    /**
     * Imports a binary logistic regression with default options: threshold 0.5 unless the file carries an
     * IoTStream threshold extension, positive category from the category names.
     *
     * @param name    name of the resulting artifact
     * @param version version of the resulting artifact
     * @throws InvalidModelException if the PMML is malformed or not a model this scorer evaluates identically
     */
    public static ModelArtifact read(byte[] pmml, String name, String version) throws InvalidModelException {
        return read(pmml, name, version, ImportOptions.DEFAULTS);
    }

    /**
     * Imports a binary logistic regression; {@code options} override what the file says (or does not say).
     *
     * @throws InvalidModelException if the PMML is malformed or not a model this scorer evaluates identically
     */
    public static ModelArtifact read(byte[] pmml, String name, String version, ImportOptions options)
            throws InvalidModelException {
        PMML doc;
        try {
            doc = PMMLUtil.unmarshal(new ByteArrayInputStream(pmml));
        } catch (Exception e) {
            // JAXB and SAX report as different types; to the caller all of them mean "not PMML we can parse".
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new InvalidModelException("PMML is not well-formed or not PMML 3.0-4.4: " + root.getMessage()
                    + ": export the model again, or check that the file is complete", e);
        }
        if (doc == null || doc.getModels() == null || doc.getModels().size() != 1) {
            int n = doc == null || doc.getModels() == null ? 0 : doc.getModels().size();
            throw new InvalidModelException("PMML holds " + n + " models: import needs exactly one RegressionModel");
        }
        Model m = doc.getModels().get(0);
        if (!(m instanceof RegressionModel model)) {
            throw new InvalidModelException("PMML model is a " + m.getClass().getSimpleName()
                    + ": only a logistic RegressionModel can be imported");
        }
        if (model.getMiningFunction() != MiningFunction.CLASSIFICATION) {
            throw new InvalidModelException("RegressionModel@functionName is " + model.getMiningFunction()
                    + ": import needs a classification model (functionName=\"classification\")");
        }
        if (model.getNormalizationMethod() != RegressionModel.NormalizationMethod.LOGIT) {
            throw new InvalidModelException("RegressionModel@normalizationMethod is " + model.getNormalizationMethod()
                    + ": only \"logit\" is a logistic regression this scorer evaluates identically");
        }
        if (model.getLocalTransformations() != null && model.getLocalTransformations().hasDerivedFields()
                || doc.getTransformationDictionary() != null
                && doc.getTransformationDictionary().hasDerivedFields()) {
            throw new InvalidModelException("PMML has DerivedFields (LocalTransformations or TransformationDictionary):"
                    + " the scorer reads raw sensor values only; export the model without preprocessing");
        }

        Map<String, DataField> dataFields = new HashMap<>();
        if (doc.getDataDictionary() != null && doc.getDataDictionary().hasDataFields()) {
            for (DataField f : doc.getDataDictionary().getDataFields()) {
                dataFields.put(f.getName(), f);
            }
        }
        List<String> names = new ArrayList<>();
        Double neutral = null;
        if (model.getMiningSchema() == null || !model.getMiningSchema().hasMiningFields()) {
            throw new InvalidModelException("RegressionModel has no MiningSchema fields: the model declares no inputs");
        }
        for (MiningField f : model.getMiningSchema().getMiningFields()) {
            MiningField.UsageType usage = f.getUsageType() == null ? MiningField.UsageType.ACTIVE : f.getUsageType();
            if (usage != MiningField.UsageType.ACTIVE) {
                continue;
            }
            DataField df = dataFields.get(f.getName());
            if (df == null) {
                throw new InvalidModelException("MiningField \"" + f.getName() + "\" has no DataField in the "
                        + "DataDictionary: the PMML is inconsistent; export it again");
            }
            if (df.getOpType() != OpType.CONTINUOUS || !isNumeric(df.getDataType())) {
                throw new InvalidModelException("DataField \"" + f.getName() + "\" is " + df.getOpType() + " "
                        + df.getDataType() + ": every input must be a continuous number (a sensor value)");
            }
            OutlierTreatmentMethod outliers = f.getOutlierTreatment();
            if (outliers != null && outliers != OutlierTreatmentMethod.AS_IS) {
                throw new InvalidModelException("MiningField \"" + f.getName() + "\" has outlierTreatment " + outliers
                        + ": the scorer uses values as they are; export the model without outlier treatment");
            }
            if (f.getMissingValueReplacement() != null) {
                double r = toDouble(f.getMissingValueReplacement(),
                        "MiningField \"" + f.getName() + "\"@missingValueReplacement");
                if (neutral != null && Double.compare(neutral, r) != 0) {
                    throw new InvalidModelException("MiningField \"" + f.getName() + "\"@missingValueReplacement is "
                            + r + " but an earlier field has " + neutral + ": an artifact has one neutral value for "
                            + "all features; use the same replacement everywhere, or none");
                }
                neutral = r;
            }
            names.add(f.getName());
        }
        if (names.isEmpty()) {
            throw new InvalidModelException("MiningSchema has no active fields: the model has no inputs to score");
        }

        List<RegressionTable> tables = model.getRegressionTables();
        if (tables == null || tables.size() != 2) {
            throw new InvalidModelException("RegressionModel has " + (tables == null ? 0 : tables.size())
                    + " RegressionTables: a binary logistic regression has exactly two");
        }
        RegressionTable first = tables.get(0);
        RegressionTable second = tables.get(1);
        // The reference table (no predictors, intercept 0) may come first or last; PMML4S, like the spec's logit
        // rule, takes the probability from the other table. Two empty tables make a constant model: then the
        // reference is the one with intercept 0, the last one if both are.
        boolean firstEmpty = !hasPredictors(first);
        boolean secondEmpty = !hasPredictors(second);
        if (!firstEmpty && !secondEmpty) {
            throw new InvalidModelException("both RegressionTables have predictors: import needs one reference table "
                    + "without predictors and with intercept 0 (as Spark MLlib and jpmml write binary models)");
        }
        RegressionTable reference;
        if (firstEmpty && secondEmpty) {
            reference = isZero(second.getIntercept()) || !isZero(first.getIntercept()) ? second : first;
        } else {
            reference = secondEmpty ? second : first;
        }
        RegressionTable modelTable = reference == first ? second : first;
        double refIntercept = toDouble(reference.getIntercept(), "RegressionTable intercept");
        if (refIntercept != 0.0) {
            throw new InvalidModelException("RegressionTable for category \"" + reference.getTargetCategory()
                    + "\" has intercept " + refIntercept + ": the reference table must have intercept 0 (Spark MLlib "
                    + "writes logit(threshold) there when its threshold is not 0.5, which PMML evaluators ignore); "
                    + "export with threshold 0.5 and pass the threshold in ImportOptions");
        }
        if (modelTable.hasCategoricalPredictors() || modelTable.hasPredictorTerms()) {
            throw new InvalidModelException("RegressionTable for category \"" + modelTable.getTargetCategory()
                    + "\" has CategoricalPredictors or PredictorTerms: only NumericPredictors of sensor values can "
                    + "be imported");
        }
        String modelCategory = category(modelTable);
        String referenceCategory = category(reference);
        boolean modelIsPositive = positive(modelCategory, referenceCategory, options.positiveCategory());

        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        double[] weights = new double[names.size()];
        boolean[] seen = new boolean[names.size()];
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
        double intercept = toDouble(modelTable.getIntercept(), "RegressionTable intercept");
        if (!modelIsPositive) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = -weights[i];
            }
            intercept = -intercept;
        }

        Map<String, String> ext = extensions(doc.getHeader());
        double threshold = options.threshold() != null ? options.threshold()
                : ext.containsKey(EXT_THRESHOLD) ? toDouble(ext.get(EXT_THRESHOLD), "Extension " + EXT_THRESHOLD)
                : ModelArtifact.DEFAULT_THRESHOLD;
        Provenance provenance = options.provenance() != null ? options.provenance()
                : provenance(doc, model, ext, pmml, modelIsPositive ? modelCategory : referenceCategory);
        Map<String, Double> metrics = new TreeMap<>();
        for (Map.Entry<String, String> e : ext.entrySet()) {
            if (e.getKey().startsWith(EXT_METRIC)) {
                metrics.put(e.getKey().substring(EXT_METRIC.length()), toDouble(e.getValue(), "Extension " + e.getKey()));
            }
        }
        try {
            return ModelArtifact.builder(name, version)
                    .features(new FeatureSpec(names, neutral == null ? FeatureSpec.DEFAULT_NEUTRAL_VALUE : neutral))
                    .weights(weights)
                    .intercept(intercept)
                    .threshold(threshold)
                    .metrics(metrics)
                    .provenance(provenance)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("PMML import: " + e.getMessage(), e);
        }
    }

    private static Provenance provenance(PMML doc, RegressionModel model, Map<String, String> ext, byte[] pmml,
                                         String positiveCategory) throws InvalidModelException {
        Header header = doc.getHeader();
        Application app = header == null ? null : header.getApplication();
        String trainer = ext.getOrDefault(EXT_PROVENANCE + "trainer",
                app != null && app.getName() != null && !app.getName().isBlank() ? app.getName() : "unknown");
        String trainerVersion = ext.getOrDefault(EXT_PROVENANCE + "trainerVersion",
                app != null && app.getVersion() != null && !app.getVersion().isBlank() ? app.getVersion() : "unknown");
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ext.entrySet()) {
            if (e.getKey().startsWith(EXT_PARAMETER)) {
                parameters.put(e.getKey().substring(EXT_PARAMETER.length()), e.getValue());
            }
        }
        if (!ext.containsKey(EXT_CHECKSUM)) {
            // Not one of ours: record where the model came from instead of the training parameters we cannot know.
            parameters.put("pmml.sha256", sha256(pmml));
            parameters.put("pmml.version", sourceVersion(pmml, doc.getVersion()));
            parameters.put("pmml.positiveCategory", positiveCategory);
            if (model.getModelName() != null) {
                parameters.put("pmml.modelName", model.getModelName());
            }
        }
        String createdText = ext.get(EXT_PROVENANCE + "createdAt");
        if (createdText == null && header != null && header.getTimestamp() != null
                && header.getTimestamp().hasContent()) {
            createdText = String.valueOf(header.getTimestamp().getContent().get(0)).trim();
        }
        Instant createdAt = parseTimestamp(createdText);
        long rows = ext.containsKey(EXT_PROVENANCE + "rows")
                ? (long) toDouble(ext.get(EXT_PROVENANCE + "rows"), "Extension " + EXT_PROVENANCE + "rows") : 0L;
        Long seed = null;
        if (ext.containsKey(EXT_PROVENANCE + "seed")) {
            try {
                seed = Long.parseLong(ext.get(EXT_PROVENANCE + "seed"));
            } catch (NumberFormatException e) {
                throw new InvalidModelException("Extension " + EXT_PROVENANCE + "seed is not an integer: fix or "
                        + "remove it", e);
            }
        }
        try {
            return new Provenance(trainer, trainerVersion, parameters,
                    ext.getOrDefault(EXT_PROVENANCE + "dataUri", "unknown"),
                    ext.getOrDefault(EXT_PROVENANCE + "dataFingerprint", "unknown"),
                    rows, createdAt, seed, ext.get(EXT_PROVENANCE + "gitSha"));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("PMML import: " + e.getMessage(), e);
        }
    }

    /**
     * The version attribute as the file has it: the unmarshaller upgrades older PMML to 4.4 in memory, but the
     * provenance should name what the other tool wrote.
     */
    private static String sourceVersion(byte[] pmml, String fallback) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // No DTDs or external entities: this only reads one attribute of a file from elsewhere.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(pmml));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        String v = reader.getAttributeValue(null, "version");
                        return v == null ? fallback : v;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            // The document was already parsed successfully; fall back to what the unmarshaller reports.
        }
        return fallback;
    }

    /**
     * Tools write free-form timestamps (Spark MLlib: local time without zone, taken as UTC here). An unreadable or
     * absent one gives the epoch rather than the import time, so that importing the same file twice gives the same
     * artifact and checksum.
     */
    private static Instant parseTimestamp(String text) {
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return Instant.EPOCH;
            }
        }
    }

    private static boolean positive(String modelCategory, String referenceCategory, String requested)
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

    private static boolean isNumeric(DataType t) {
        return t == DataType.DOUBLE || t == DataType.FLOAT || t == DataType.INTEGER;
    }

    private static double toDouble(Object value, String what) throws InvalidModelException {
        double d;
        if (value == null) {
            // PMML's default for a missing intercept/coefficient attribute is not uniform across versions; require it.
            throw new InvalidModelException(what + " is missing: give the number explicitly");
        } else if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidModelException(what + " \"" + value + "\" is not a number: fix the PMML", e);
            }
        }
        if (!Double.isFinite(d)) {
            throw new InvalidModelException(what + " is " + d + ": every number must be finite; retrain or check "
                    + "the data");
        }
        return d;
    }

    private static Map<String, String> extensions(Header header) {
        Map<String, String> result = new TreeMap<>();
        if (header != null && header.hasExtensions()) {
            for (Extension e : header.getExtensions()) {
                if (e.getName() != null && e.getName().startsWith(EXT) && e.getValue() != null) {
                    result.put(e.getName(), e.getValue());
                }
            }
        }
        return result;
    }

    private static Extension ext(String name, String value) {
        return new Extension().setExtender(EXTENDER).setName(name).setValue(value);
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    /**
     * What a PMML file cannot say, or what the caller wants to say instead.
     *
     * @param positiveCategory the target category that means attention; {@code null} to infer it from the names
     * @param threshold        decision threshold; {@code null} for the file's IoTStream extension, else 0.5
     * @param provenance       provenance of the artifact; {@code null} to take the file's IoTStream extensions or,
     *                         for a foreign file, the Header's Application with data URI and fingerprint
     *                         {@code "unknown"}, 0 rows, the Header timestamp (or the epoch) and the file's digest
     *                         as parameter {@code pmml.sha256}
     */
    public record ImportOptions(String positiveCategory, Double threshold, Provenance provenance) {

        /** Infer everything. */
        public static final ImportOptions DEFAULTS = new ImportOptions(null, null, null);

        public ImportOptions withPositiveCategory(String category) {
            return new ImportOptions(category, threshold, provenance);
        }

        public ImportOptions withThreshold(double t) {
            return new ImportOptions(positiveCategory, t, provenance);
        }

        public ImportOptions withProvenance(Provenance p) {
            return new ImportOptions(positiveCategory, threshold, p);
        }
    }
}
