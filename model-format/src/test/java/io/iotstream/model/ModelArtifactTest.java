package io.iotstream.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelArtifactTest {

    private static ModelArtifact.Builder valid() {
        return TestModels.sample().toBuilder();
    }

    @Test
    void shouldComputeChecksumOnBuild() {
        ModelArtifact a = TestModels.sample();
        assertThat(a.checksum()).matches("sha256:[0-9a-f]{64}");
        assertThat(a.formatVersion()).isEqualTo(ModelArtifact.FORMAT_VERSION);
        assertThat(a.algorithm()).isEqualTo("logistic_regression");
        assertThat(a.id()).isEqualTo("sensor-failure:2024-05-01.1");
        assertThat(TestModels.sample()).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    void shouldNameSensorsFromOne() {
        FeatureSpec f = FeatureSpec.sensors(3);
        assertThat(f.names()).containsExactly("s1", "s2", "s3");
        assertThat(f.neutralValue()).isEqualTo(0.5);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.indexOf("s3")).isEqualTo(2);
        assertThat(f.indexOf("s4")).isEqualTo(-1);
        assertThat(FeatureSpec.sensorName(77)).isEqualTo("s77");
    }

    @Test
    void shouldCopyDefensively() {
        double[] w = {1, 2, 3};
        List<String> names = new ArrayList<>(List.of("a", "b", "c"));
        Map<String, Double> metrics = new HashMap<>(Map.of("auc", 0.9));
        Map<String, String> params = new HashMap<>(Map.of("k", "v"));
        Provenance p = new Provenance("t", "1", params, "file:///d", "sha256:x", 1, Instant.EPOCH, null, null);
        ModelArtifact a = ModelArtifact.builder("m", "1").features(new FeatureSpec(names, 0.5)).weights(w)
                .metrics(metrics).provenance(p).build();
        w[0] = 99;
        names.set(0, "z");
        metrics.put("auc", 0.1);
        params.put("k", "changed");
        assertThat(a.weight(0)).isEqualTo(1.0);
        assertThat(a.features().names()).containsExactly("a", "b", "c");
        assertThat(a.metrics()).containsEntry("auc", 0.9);
        assertThat(a.provenance().parameters()).containsEntry("k", "v");

        a.weights()[1] = 42;
        assertThat(a.weight(1)).isEqualTo(2.0);
        assertThatThrownBy(() -> a.metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.features().names().add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.provenance().parameters().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldSortMetricsAndParameters() {
        ModelArtifact a = valid().metrics(Map.of("zeta", 1.0, "alpha", 2.0)).build();
        assertThat(List.copyOf(a.metrics().keySet())).isSorted();
        assertThat(a.provenance().parameters().keySet()).containsExactly("elasticNetParam", "maxIter", "regParam");
    }

    @Test
    void shouldRejectCorruptedChecksumInConstructor() {
        ModelArtifact a = TestModels.sample();
        double[] w = a.weights();
        w[3] = Math.nextUp(w[3]);
        assertThatThrownBy(() -> new ModelArtifact(1, a.name(), a.version(), a.algorithm(), a.features(), w,
                a.intercept(), a.threshold(), a.metrics(), a.provenance(), a.checksum()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("checksum mismatch: the artifact says " + a.checksum());
        assertThatThrownBy(() -> new ModelArtifact(1, a.name(), a.version(), a.algorithm(), a.features(),
                a.weights(), a.intercept(), a.threshold(), a.metrics(), a.provenance(), "md5:abc"))
                .hasMessageContaining("checksum \"md5:abc\" is malformed");
        assertThatThrownBy(() -> new ModelArtifact(1, a.name(), a.version(), a.algorithm(), a.features(),
                a.weights(), a.intercept(), a.threshold(), a.metrics(), a.provenance(), null))
                .hasMessageStartingWith("checksum is missing");
        // A correct checksum passed in from outside is accepted as is.
        assertThat(new ModelArtifact(1, a.name(), a.version(), a.algorithm(), a.features(), a.weights(),
                a.intercept(), a.threshold(), a.metrics(), a.provenance(), a.checksum())).isEqualTo(a);
    }

    @Test
    void shouldChangeChecksumWithEveryField() {
        ModelArtifact base = TestModels.sample();
        Provenance p = base.provenance();
        List<UnaryOperator<ModelArtifact.Builder>> changes = List.of(
                b -> ModelArtifact.builder("other", base.version()).features(base.features())
                        .weights(base.weights()).intercept(base.intercept()).metrics(base.metrics()).provenance(p),
                b -> ModelArtifact.builder(base.name(), "2").features(base.features())
                        .weights(base.weights()).intercept(base.intercept()).metrics(base.metrics()).provenance(p),
                b -> b.features(new FeatureSpec(base.features().names(), 0.25)),
                b -> b.features(renamed(base.features())),
                b -> b.weights(withUlp(base.weights(), 0)),
                b -> b.weights(withUlp(base.weights(), 9)),
                b -> b.intercept(Math.nextUp(base.intercept())),
                b -> b.threshold(Math.nextUp(base.threshold())),
                b -> b.metric("auc", Math.nextDown(base.metrics().get("auc"))),
                b -> b.metric("brier", 0.01),
                b -> b.provenance(new Provenance("x", p.trainerVersion(), p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows(), p.createdAt(), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), "0.1.1", p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows(), p.createdAt(), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), Map.of("regParam", "0.1"),
                        p.dataUri(), p.dataFingerprint(), p.rows(), p.createdAt(), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), "file:///other",
                        p.dataFingerprint(), p.rows(), p.createdAt(), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), p.dataUri(),
                        "sha256:00", p.rows(), p.createdAt(), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows() + 1, p.createdAt(), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows(), p.createdAt().plusNanos(1), p.seed(), p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows(), p.createdAt(), null, p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows(), p.createdAt(), 43L, p.gitSha())),
                b -> b.provenance(new Provenance(p.trainer(), p.trainerVersion(), p.parameters(), p.dataUri(),
                        p.dataFingerprint(), p.rows(), p.createdAt(), p.seed(), null)));
        List<String> seen = new ArrayList<>();
        seen.add(base.checksum());
        for (UnaryOperator<ModelArtifact.Builder> change : changes) {
            ModelArtifact changed = change.apply(base.toBuilder()).build();
            assertThat(changed.checksum()).as("checksum after a change to %s", changed).isNotIn(seen);
            assertThat(changed).isNotEqualTo(base);
            seen.add(changed.checksum());
        }
        assertThat(base.toBuilder().build().checksum()).isEqualTo(base.checksum());
        assertThat(base.withThreshold(0.7).threshold()).isEqualTo(0.7);
    }

    @Test
    void shouldRejectInvalidContentWithFieldAndFix() {
        assertRejected(valid().weights(1, 2), "weights has 2 values but features has 10 names");
        assertRejected(valid().weights((double[]) null), "weights is missing");
        assertRejected(valid().weights(nan(3)), "weights[3] (s4) is NaN: every weight must be finite");
        assertRejected(valid().weights(inf(0)), "weights[0] (s1) is Infinity");
        assertRejected(valid().intercept(Double.NEGATIVE_INFINITY), "intercept is -Infinity: it must be finite");
        assertRejected(valid().threshold(0.0), "threshold is 0.0: it must be a probability strictly between 0 and 1");
        assertRejected(valid().threshold(1.0), "threshold is 1.0");
        assertRejected(valid().threshold(Double.NaN), "threshold is NaN");
        assertRejected(valid().features(null), "features is missing");
        assertRejected(valid().provenance(null), "provenance is missing");
        assertRejected(valid().metric("auc", Double.NaN), "metrics.auc is NaN: metric values must be finite");
        assertRejected(valid().metric(" ", 1), "metrics has a blank name");
        assertRejected(ModelArtifact.builder(null, "1"), "name is missing");
        assertRejected(ModelArtifact.builder("a b", "1"), "name \"a b\" is not allowed");
        assertRejected(ModelArtifact.builder("m", "1:2"), "version \"1:2\" is not allowed");
        assertRejected(ModelArtifact.builder("m", "../x"), "version \"../x\" is not allowed");
        assertRejected(ModelArtifact.builder("m", "x".repeat(129)), "is not allowed");
        ModelArtifact a = TestModels.sample();
        assertThatThrownBy(() -> new ModelArtifact(2, a.name(), a.version(), a.algorithm(), a.features(),
                a.weights(), a.intercept(), a.threshold(), a.metrics(), a.provenance(), a.checksum()))
                .hasMessageStartingWith("formatVersion is 2 but this library supports only 1");
        assertThatThrownBy(() -> new ModelArtifact(1, a.name(), a.version(), "svm", a.features(),
                a.weights(), a.intercept(), a.threshold(), a.metrics(), a.provenance(), a.checksum()))
                .hasMessageStartingWith("algorithm is \"svm\" but format 1 only knows \"logistic_regression\"");
        assertThatThrownBy(() -> new ModelArtifact(1, a.name(), a.version(), a.algorithm(), a.features(),
                a.weights(), a.intercept(), a.threshold(), null, a.provenance(), a.checksum()))
                .hasMessageStartingWith("metrics is missing");
    }

    @Test
    void shouldRejectInvalidFeaturesAndProvenance() {
        assertThatThrownBy(() -> new FeatureSpec(List.of(), 0.5)).hasMessageStartingWith("features.names is empty");
        assertThatThrownBy(() -> new FeatureSpec(null, 0.5)).hasMessageStartingWith("features.names is missing");
        assertThatThrownBy(() -> new FeatureSpec(List.of("a", "a"), 0.5))
                .hasMessageStartingWith("features.names[1] 'a' is a duplicate");
        assertThatThrownBy(() -> new FeatureSpec(List.of("a", " "), 0.5))
                .hasMessageStartingWith("features.names[1] is blank");
        assertThatThrownBy(() -> new FeatureSpec(List.of("a"), Double.NaN))
                .hasMessageStartingWith("features.neutralValue is NaN");
        assertThatThrownBy(() -> FeatureSpec.sensors(0)).hasMessageStartingWith("sensor count is 0");
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> new Provenance(null, "1", Map.of(), "u", "f", 0, t, null, null))
                .hasMessageStartingWith("provenance.trainer is missing");
        assertThatThrownBy(() -> new Provenance("t", "", Map.of(), "u", "f", 0, t, null, null))
                .hasMessageStartingWith("provenance.trainerVersion is blank");
        assertThatThrownBy(() -> new Provenance("t", "1", null, "u", "f", 0, t, null, null))
                .hasMessageStartingWith("provenance.parameters is missing");
        assertThatThrownBy(() -> new Provenance("t", "1", Map.of(), null, "f", 0, t, null, null))
                .hasMessageStartingWith("provenance.dataUri is missing");
        assertThatThrownBy(() -> new Provenance("t", "1", Map.of(), "u", null, 0, t, null, null))
                .hasMessageStartingWith("provenance.dataFingerprint is missing");
        assertThatThrownBy(() -> new Provenance("t", "1", Map.of(), "u", "f", -1, t, null, null))
                .hasMessageStartingWith("provenance.rows is -1");
        assertThatThrownBy(() -> new Provenance("t", "1", Map.of(), "u", "f", 0, null, null, null))
                .hasMessageStartingWith("provenance.createdAt is missing");
        assertThatThrownBy(() -> new Provenance("t", "1", Map.of(), "u", "f", 0, t, null, " "))
                .hasMessageStartingWith("provenance.gitSha is blank");
    }

    @Test
    void shouldWriteCanonicalContentAsDocumented() {
        ModelArtifact a = ModelArtifact.builder("m", "1")
                .features(new FeatureSpec(List.of("a\"b", "tab\there", "é"), 0.5))
                .weights(1.0, -0.0, 1e-5).intercept(1e21).threshold(0.1)
                .metrics(Map.of("b", 2.0, "a", 1.0))
                .provenance(new Provenance("t", "1", Map.of("y", "2", "x", "\u0001"), "u", "f", 7,
                        Instant.parse("2024-01-02T03:04:05.000100Z"), null, null))
                .build();
        assertThat(new String(a.canonicalContent(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"formatVersion\":1,\"name\":\"m\",\"version\":\"1\",\"algorithm\":\"logistic_regression\","
                        + "\"features\":{\"count\":3,\"names\":[\"a\\\"b\",\"tab\\there\",\"é\"],\"neutralValue\":0.5},"
                        + "\"weights\":[1.0,-0.0,1.0E-5],\"intercept\":1.0E21,\"threshold\":0.1,"
                        + "\"metrics\":{\"a\":1.0,\"b\":2.0},"
                        + "\"provenance\":{\"trainer\":\"t\",\"trainerVersion\":\"1\","
                        + "\"parameters\":{\"x\":\"\\u0001\",\"y\":\"2\"},\"dataUri\":\"u\",\"dataFingerprint\":\"f\","
                        + "\"rows\":7,\"createdAt\":\"2024-01-02T03:04:05.000100Z\",\"seed\":null,\"gitSha\":null}}");
    }

    @Test
    void shouldUseShortestRoundTripDigitsOnEveryJdk() {
        // Java 17's Double.toString prints 2e23 as 1.9999999999999998E23 and 8.41e21 as 8.409999999999999E21
        // (JDK-4511638, fixed in 19): correct but not shortest, so a Java 17 writer and a Java 21 verifier would
        // disagree. The canonical form uses the shortest digits on every JDK.
        ModelArtifact a = valid().weights(2e23, 1e23, 8.41e21, 2.82879384806159E17, 5e-324, Double.MAX_VALUE,
                0.1 + 0.2, 1e7, 0.001, -1.0 / 3).build();
        String c = new String(a.canonicalContent(), StandardCharsets.UTF_8);
        assertThat(c).contains("\"weights\":[2.0E23,1.0E23,8.41E21,2.82879384806159E17,4.9E-324,"
                + "1.7976931348623157E308,0.30000000000000004,1.0E7,0.001,-0.3333333333333333]");
    }

    private static FeatureSpec renamed(FeatureSpec f) {
        List<String> names = new ArrayList<>(f.names());
        names.set(0, "sensor_1");
        return new FeatureSpec(names, f.neutralValue());
    }

    private static double[] withUlp(double[] w, int i) {
        double[] c = w.clone();
        c[i] = Math.nextUp(c[i]);
        return c;
    }

    private static double[] nan(int i) {
        double[] w = TestModels.sample().weights();
        w[i] = Double.NaN;
        return w;
    }

    private static double[] inf(int i) {
        double[] w = TestModels.sample().weights();
        w[i] = Double.POSITIVE_INFINITY;
        return w;
    }

    private static void assertRejected(ModelArtifact.Builder b, String messagePart) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
    }
}
