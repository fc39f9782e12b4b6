package io.iotstream.model.pmml;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.TestModels;
import io.iotstream.model.score.LogisticScorer;
import org.dmg.pmml.PMML;
import org.dmg.pmml.regression.CategoricalPredictor;
import org.dmg.pmml.regression.RegressionModel;
import org.dmg.pmml.regression.RegressionTable;
import org.jpmml.model.JAXBSerializer;
import org.jpmml.model.PMMLUtil;
import org.junit.jupiter.api.Test;
import org.pmml4s.model.Model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelPmmlTest {

    private static final double TOLERANCE = 1e-9;
    private static final int VECTORS = 1000;

    @Test
    void shouldExportWhatPmml4sScoresLikeOurScorer() {
        ModelArtifact a = TestModels.random(100, 3);
        LogisticScorer scorer = new LogisticScorer(a);
        Model pmml4s = Model.fromBytes(ModelPmml.write(a));

        SplittableRandom r = new SplittableRandom(5);
        double maxDiff = 0;
        for (int v = 0; v < VECTORS; v++) {
            double[] x = TestModels.vector(r, 100);
            Map<String, Object> out = predict(pmml4s, a.features().names(), x);
            double p = scorer.probability(x);
            double theirs = (Double) out.get("probability_1");
            assertThat(theirs).as("vector %d", v).isCloseTo(p, within(TOLERANCE));
            assertThat((Double) out.get("probability_0")).isCloseTo(1 - p, within(TOLERANCE));
            assertThat(out.get("predicted_label")).isEqualTo(p > 0.5 ? "1" : "0");
            maxDiff = Math.max(maxDiff, Math.abs(theirs - p));
        }
        assertThat(maxDiff).isLessThan(TOLERANCE);
    }

    @Test
    void shouldExportTheDocumentedStructure() throws Exception {
        ModelArtifact a = TestModels.sample();
        String xml = new String(ModelPmml.write(a), StandardCharsets.UTF_8);
        assertThat(xml).contains("version=\"4.4\"", "http://www.dmg.org/PMML-4_4",
                "functionName=\"classification\"", "normalizationMethod=\"logit\"",
                "modelType=\"logisticRegression\"", "<MiningField name=\"s1\" usageType=\"active\" "
                        + "missingValueReplacement=\"0.5\"/>", "<MiningField name=\"label\" usageType=\"target\"/>",
                "<DataField name=\"s10\" optype=\"continuous\" dataType=\"double\"/>",
                "<RegressionTable intercept=\"-22.3176\" targetCategory=\"1\">",
                "<NumericPredictor name=\"s10\" coefficient=\"8.0846\"/>",
                "<RegressionTable intercept=\"0.0\" targetCategory=\"0\"/>",
                "feature=\"probability\" value=\"1\"", "<Extension extender=\"iotstream\" "
                        + "name=\"iotstream.threshold\" value=\"0.5\"/>");
        PMML doc = PMMLUtil.unmarshal(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        RegressionModel model = (RegressionModel) doc.getModels().get(0);
        assertThat(model.getRegressionTables()).hasSize(2);
        assertThat(model.getRegressionTables().get(0).getNumericPredictors()).hasSize(10);
        assertThat(model.getRegressionTables().get(1).hasNumericPredictors()).isFalse();
        assertThat(doc.getDataDictionary().getNumberOfFields()).isEqualTo(11);
    }

    @Test
    void shouldRestoreTheSameArtifactFromItsExport() throws Exception {
        for (ModelArtifact a : List.of(TestModels.sample(), TestModels.random(1000, 9))) {
            ModelArtifact back = ModelPmml.read(ModelPmml.write(a), a.name(), a.version());
            assertThat(back).isEqualTo(a);
            assertThat(back.checksum()).isEqualTo(a.checksum());
        }
        Provenance p = TestModels.provenance();
        ModelArtifact noSeed = TestModels.sample().toBuilder().provenance(new Provenance(p.trainer(),
                p.trainerVersion(), Map.of(), p.dataUri(), p.dataFingerprint(), 0, p.createdAt(), null, null)).build();
        assertThat(ModelPmml.read(ModelPmml.write(noSeed), noSeed.name(), noSeed.version())).isEqualTo(noSeed);
    }

    @Test
    void shouldImportSparkMllibPmmlLikePmml4sScoresIt() throws Exception {
        byte[] pmml = resource("spark-mllib-logistic-regression.pmml");
        ModelArtifact a = ModelPmml.read(pmml, "spark-import", "1");

        assertThat(a.features().names()).containsExactly("field_0", "field_1", "field_2", "field_3", "field_4",
                "field_5", "field_6", "field_7", "field_8", "field_9");
        assertThat(a.intercept()).isEqualTo(-22.30517403962318);
        assertThat(a.threshold()).isEqualTo(0.5);
        assertThat(a.features().neutralValue()).isEqualTo(FeatureSpec.DEFAULT_NEUTRAL_VALUE);
        assertThat(a.provenance().trainer()).isEqualTo("Apache Spark MLlib");
        assertThat(a.provenance().trainerVersion()).isEqualTo("2.4.8");
        assertThat(a.provenance().createdAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(a.provenance().dataUri()).isEqualTo("unknown");
        assertThat(a.provenance().parameters()).containsEntry("pmml.version", "4.2")
                .containsEntry("pmml.positiveCategory", "1").containsKey("pmml.sha256");
        assertSameAsPmml4s(pmml, a, "probability_1");
        // Same file, same artifact: nothing in the import depends on the clock.
        assertThat(ModelPmml.read(pmml, "spark-import", "1")).isEqualTo(a);
    }

    @Test
    void shouldImportJpmmlSparkmlPmmlLikePmml4sScoresIt() throws Exception {
        byte[] pmml = resource("jpmml-sparkml-logistic-regression.pmml");
        ModelArtifact a = ModelPmml.read(pmml, "jpmml-import", "1");
        assertThat(a.features().count()).isEqualTo(100);
        assertThat(a.features().names().get(0)).isEqualTo("sensor_1");
        assertThat(a.provenance().trainer()).isEqualTo("JPMML-SparkML library");
        assertSameAsPmml4s(pmml, a, "probability(1)");
    }

    @Test
    void shouldImportReferenceTableFirst() throws Exception {
        byte[] pmml = rewrite(resource("jpmml-sparkml-logistic-regression.pmml"),
                model -> Collections.reverse(model.getRegressionTables()));
        assertThat(new String(pmml, StandardCharsets.UTF_8).indexOf("targetCategory=\"0\""))
                .isLessThan(new String(pmml, StandardCharsets.UTF_8).indexOf("targetCategory=\"1\""));
        ModelArtifact a = ModelPmml.read(pmml, "reordered", "1");
        assertSameAsPmml4s(pmml, a, "probability(1)");
        assertThat(a.weights()).isEqualTo(ModelPmml.read(resource("jpmml-sparkml-logistic-regression.pmml"),
                "x", "1").weights());
    }

    @Test
    void shouldNegateCoefficientsOfTheNegativeCategory() throws Exception {
        byte[] original = resource("jpmml-sparkml-logistic-regression.pmml");
        // The coefficients now describe category 0, the reference is category 1: p(1) = 1 - σ(y) = σ(-y).
        byte[] pmml = rewrite(original, model -> {
            model.getRegressionTables().get(0).setTargetCategory("0");
            model.getRegressionTables().get(1).setTargetCategory("1");
        });
        ModelArtifact a = ModelPmml.read(pmml, "negated", "1");
        ModelArtifact plain = ModelPmml.read(original, "plain", "1");
        assertThat(a.weight(0)).isEqualTo(-plain.weight(0));
        assertThat(a.intercept()).isEqualTo(-plain.intercept());
        assertThat(a.provenance().parameters()).containsEntry("pmml.positiveCategory", "1");
        assertSameAsPmml4s(pmml, a, "probability(1)");
    }

    @Test
    void shouldNeedAPositiveCategoryWhenNamesDoNotTell() throws Exception {
        byte[] pmml = rewrite(resource("spark-mllib-logistic-regression.pmml"), model -> {
            model.getRegressionTables().get(0).setTargetCategory("fail");
            model.getRegressionTables().get(1).setTargetCategory("ok");
        });
        assertThatThrownBy(() -> ModelPmml.read(pmml, "m", "1")).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cannot tell which target category is positive (\"fail\" or \"ok\")");
        ModelArtifact fail = ModelPmml.read(pmml, "m", "1", ModelPmml.ImportOptions.DEFAULTS
                .withPositiveCategory("fail").withThreshold(0.8));
        assertThat(fail.threshold()).isEqualTo(0.8);
        assertSameAsPmml4s(pmml, fail, "probability_fail");
        ModelArtifact ok = ModelPmml.read(pmml, "m", "1", ModelPmml.ImportOptions.DEFAULTS.withPositiveCategory("ok"));
        assertThat(ok.intercept()).isEqualTo(-fail.intercept());
        assertThatThrownBy(() -> ModelPmml.read(pmml, "m", "1",
                ModelPmml.ImportOptions.DEFAULTS.withPositiveCategory("yes")))
                .hasMessageContaining("positive category \"yes\" is not a target category");
        Provenance p = TestModels.provenance();
        assertThat(ModelPmml.read(pmml, "m", "1", ModelPmml.ImportOptions.DEFAULTS.withPositiveCategory("fail")
                .withProvenance(p)).provenance()).isEqualTo(p);
    }

    @Test
    void shouldRejectWhatTheScorerCannotEvaluateIdentically() throws Exception {
        byte[] spark = resource("spark-mllib-logistic-regression.pmml");
        assertImportRejected(rewrite(spark, m -> m.setNormalizationMethod(RegressionModel.NormalizationMethod.SOFTMAX)),
                "RegressionModel@normalizationMethod is softmax: only \"logit\"");
        assertImportRejected(rewrite(spark, m -> m.setMiningFunction(org.dmg.pmml.MiningFunction.REGRESSION)),
                "RegressionModel@functionName is regression");
        assertImportRejected(rewrite(spark, m -> m.addRegressionTables(new RegressionTable(0.0)
                .setTargetCategory("2"))), "RegressionModel has 3 RegressionTables");
        assertImportRejected(rewrite(spark, m -> m.getRegressionTables().get(1).setIntercept(0.4054651081081644)),
                "RegressionTable for category \"0\" has intercept 0.4054651081081644: the reference table must have "
                        + "intercept 0");
        assertImportRejected(rewrite(spark, m -> m.getRegressionTables().get(0).getNumericPredictors().get(2)
                .setExponent(2)), "NumericPredictor \"field_2\" has exponent 2");
        assertImportRejected(rewrite(spark, m -> m.getRegressionTables().get(0).getNumericPredictors().get(2)
                .setField("target")), "NumericPredictor \"target\" is not an active MiningField");
        assertImportRejected(rewrite(spark, m -> m.getRegressionTables().get(0)
                        .addCategoricalPredictors(new CategoricalPredictor("field_1", 1, 0.5))),
                "has CategoricalPredictors or PredictorTerms");
        assertImportRejected(rewrite(spark, m -> m.getRegressionTables().get(1).addNumericPredictors(
                        new org.dmg.pmml.regression.NumericPredictor("field_1", 0.5))),
                "both RegressionTables have predictors");
        assertImportRejected(rewrite(spark, m -> m.getMiningSchema().getMiningFields().get(0)
                .setOutlierTreatment(org.dmg.pmml.OutlierTreatmentMethod.AS_EXTREME_VALUES)),
                "MiningField \"field_0\" has outlierTreatment");
        assertImportRejected(rewrite(spark, m -> m.getRegressionTables().get(0).getNumericPredictors().get(0)
                .setCoefficient(Double.NaN)), "NumericPredictor \"field_0\"@coefficient is NaN");
        assertImportRejected("<PMML version=\"4.4\" xmlns=\"http://www.dmg.org/PMML-4_4\"><Header/>"
                .getBytes(StandardCharsets.UTF_8), "PMML is not well-formed");
        assertImportRejected("not xml".getBytes(StandardCharsets.UTF_8), "PMML is not well-formed");
        assertImportRejected(("<PMML version=\"4.4\" xmlns=\"http://www.dmg.org/PMML-4_4\"><Header/>"
                + "<DataDictionary/></PMML>").getBytes(StandardCharsets.UTF_8), "PMML holds 0 models");
        assertImportRejected(new String(spark, StandardCharsets.UTF_8).replace("RegressionModel ", "TreeModel ")
                        .replace("</RegressionModel>", "</TreeModel>").getBytes(StandardCharsets.UTF_8),
                "PMML model is a TreeModel: only a logistic RegressionModel can be imported");
    }

    @Test
    void shouldTakeTheNeutralValueFromMissingValueReplacement() throws Exception {
        byte[] pmml = rewrite(resource("spark-mllib-logistic-regression.pmml"), m -> m.getMiningSchema()
                .getMiningFields().forEach(f -> {
                    if (f.getName().startsWith("field_")) {
                        f.setMissingValueReplacement(0.25);
                    }
                }));
        assertThat(ModelPmml.read(pmml, "m", "1").features().neutralValue()).isEqualTo(0.25);
        byte[] mixed = rewrite(pmml, m -> m.getMiningSchema().getMiningFields().get(3).setMissingValueReplacement(0.3));
        assertImportRejected(mixed, "MiningField \"field_3\"@missingValueReplacement is 0.3 but an earlier field has "
                + "0.25");
    }

    private static void assertSameAsPmml4s(byte[] pmml, ModelArtifact a, String probabilityField) {
        Model pmml4s = Model.fromBytes(pmml);
        LogisticScorer scorer = new LogisticScorer(a);
        SplittableRandom r = new SplittableRandom(17);
        for (int v = 0; v < VECTORS; v++) {
            double[] x = TestModels.vector(r, a.features().count());
            Map<String, Object> out = predict(pmml4s, a.features().names(), x);
            assertThat(out).as("PMML4S outputs").containsKey(probabilityField);
            assertThat((Double) out.get(probabilityField)).as("vector %d", v)
                    .isCloseTo(scorer.probability(x), within(TOLERANCE));
        }
    }

    private static Map<String, Object> predict(Model model, List<String> names, double[] x) {
        Map<String, Object> in = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            in.put(names.get(i), x[i]);
        }
        return model.predict(in);
    }

    private static void assertImportRejected(byte[] pmml, String messagePart) {
        assertThatThrownBy(() -> ModelPmml.read(pmml, "m", "1")).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(messagePart);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelPmmlTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static byte[] rewrite(byte[] pmml, Consumer<RegressionModel> change) throws Exception {
        PMML doc = PMMLUtil.unmarshal(new ByteArrayInputStream(pmml));
        change.accept((RegressionModel) doc.getModels().get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JAXBSerializer().serializePretty(doc, out);
        return out.toByteArray();
    }

    /**
     * A PMML file comes from elsewhere (another tool, a store): an external entity in it must not read a local
     * file into the model or into an error message (XXE). JPMML's parser refuses any DOCTYPE.
     */
    @Test
    void shouldNotResolveExternalEntities(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = dir.resolve("secret.txt");
        java.nio.file.Files.writeString(secret, "TOP-SECRET-42");
        String pmml = new String(ModelPmml.write(TestModels.sample()), java.nio.charset.StandardCharsets.UTF_8);
        String attack = pmml.replaceFirst("<PMML", "<!DOCTYPE PMML [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>\n<PMML").replaceFirst("(name=\"iotstream.provenance.dataUri\" value=\")[^\"]*\"", "$1&xxe;\"");
        assertThat(attack).contains("value=\"&xxe;\"");
        byte[] bytes = attack.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelPmml.read(bytes, "x", "1"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("DOCTYPE is disallowed")
                .hasMessageNotContaining("TOP-SECRET-42");
    }
}
