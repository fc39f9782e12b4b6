package io.iotstream.model.pmml;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.pmml.RegressionTableReader.Coefficients;
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
import org.dmg.pmml.OpType;
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

import java.io.ByteArrayOutputStream;
import java.util.Map;

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
        PmmlDocument doc = PmmlDocument.parse(pmml);
        ModelInputs inputs = ModelInputs.read(doc);
        Coefficients coefficients = RegressionTableReader.read(doc.model(), inputs, options);
        HeaderExtensions ext = HeaderExtensions.of(doc.header());
        double threshold = options.threshold() != null ? options.threshold() : ext.threshold();
        Provenance provenance = options.provenance() != null ? options.provenance()
                : ext.provenance(doc, coefficients.positiveCategory());
        Map<String, Double> metrics = ext.metrics();
        return artifact(name, version, inputs, coefficients, threshold, metrics, provenance);
    }

    private static ModelArtifact artifact(String name, String version, ModelInputs inputs, Coefficients coefficients,
                                          double threshold, Map<String, Double> metrics, Provenance provenance)
            throws InvalidModelException {
        try {
            return ModelArtifact.builder(name, version)
                    .features(inputs.featureSpec())
                    .weights(coefficients.weights())
                    .intercept(coefficients.intercept())
                    .threshold(threshold)
                    .metrics(metrics)
                    .provenance(provenance)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("PMML import: " + e.getMessage(), e);
        }
    }

    private static Extension ext(String name, String value) {
        return new Extension().setExtender(EXTENDER).setName(name).setValue(value);
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
