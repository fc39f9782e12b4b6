package io.iotstream.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldRoundTripDoublesBitForBit() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        double[] w = new double[2000];
        for (int i = 0; i < w.length; i++) {
            // Any finite bit pattern: subnormals, huge and tiny exponents, negative zero.
            double d;
            do {
                d = Double.longBitsToDouble(r.nextLong());
            } while (!Double.isFinite(d));
            w[i] = d;
        }
        double[] special = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, 1.0 / 3, 2e23,
            8.41e21, Math.nextUp(1.0)};
        System.arraycopy(special, 0, w, 0, special.length);
        ModelArtifact a = ModelArtifact.builder("bits", "1").features(FeatureSpec.sensors(w.length)).weights(w)
                .intercept(Math.nextDown(-22.3)).threshold(Math.nextUp(0.5)).metric("auc", 0.1 + 0.2)
                .provenance(TestModels.provenance()).build();

        ModelArtifact back = ModelJson.read(ModelJson.write(a));

        assertThat(back).isEqualTo(a);
        for (int i = 0; i < w.length; i++) {
            assertThat(Double.doubleToRawLongBits(back.weight(i))).as("weights[%d]", i)
                    .isEqualTo(Double.doubleToRawLongBits(w[i]));
        }
        assertThat(Double.doubleToRawLongBits(back.intercept())).isEqualTo(Double.doubleToRawLongBits(a.intercept()));
        assertThat(back.metrics().get("auc")).isEqualTo(0.1 + 0.2);
        assertThat(back.checksum()).isEqualTo(a.checksum());
    }

    @Test
    void shouldWriteDeterministicallyInDocumentedOrder() throws Exception {
        ModelArtifact a = TestModels.sample();
        byte[] first = ModelJson.write(a);
        assertThat(ModelJson.write(ModelJson.read(first))).isEqualTo(first);
        String json = new String(first, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\n  \"formatVersion\": 1,\n  \"name\": \"sensor-failure\",\n").endsWith("}\n")
                .doesNotContain("\r");
        List<String> order = List.of("\"formatVersion\"", "\"name\"", "\"version\"", "\"algorithm\"", "\"features\"",
                "\"count\"", "\"names\"", "\"neutralValue\"", "\"weights\"", "\"intercept\"", "\"threshold\"",
                "\"metrics\"", "\"provenance\"", "\"trainer\"", "\"trainerVersion\"", "\"parameters\"", "\"dataUri\"",
                "\"dataFingerprint\"", "\"rows\"", "\"createdAt\"", "\"seed\"", "\"gitSha\"", "\"checksum\"");
        int last = -1;
        for (String key : order) {
            int at = json.indexOf(key, last + 1);
            assertThat(at).as("position of %s", key).isGreaterThan(last);
            last = at;
        }
        assertThat(ModelJson.checksum(a)).isEqualTo(a.checksum());
    }

    @Test
    void shouldVerifyAfterReserializationByAnotherWriter() throws Exception {
        ModelArtifact a = ModelArtifact.builder("m", "1").features(FeatureSpec.sensors(5))
                .weights(2e23, 8.41e21, 0.1, -0.0, 1e-300).intercept(1.0).threshold(0.25)
                .metrics(Map.of("auc", 0.5, "f1", 0.75)).provenance(TestModels.provenance()).build();
        JsonNode tree = MAPPER.readTree(ModelJson.write(a));

        // Jackson's default writer: compact, and Java 17's Double.toString (1.9999999999999998E23 for 2e23).
        ModelArtifact compact = ModelJson.read(MAPPER.writeValueAsBytes(tree));
        assertThat(compact).isEqualTo(a);

        // Keys in reverse order everywhere, every number as its exact decimal expansion, integers for integral
        // doubles: different bytes, same values, so the same canonical content and the same checksum.
        JsonNode foreign = reverseAndExpand(tree);
        byte[] foreignBytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(foreign);
        assertThat(new String(foreignBytes, StandardCharsets.UTF_8)).contains("\"threshold\" : 0.25")
                .contains("0.1000000000000000055511151231257827");
        ModelArtifact reordered = ModelJson.read(foreignBytes);
        assertThat(reordered).isEqualTo(a);
        assertThat(ModelJson.checksum(reordered)).isEqualTo(a.checksum());
    }

    @Test
    void shouldIgnoreUnknownFieldsForForwardCompatibility() throws Exception {
        ModelArtifact a = TestModels.sample();
        byte[] json = edit(a, root -> {
            root.put("comment", "added by a newer writer");
            ((ObjectNode) root.get("features")).putArray("units").add("volt");
            ((ObjectNode) root.get("provenance")).putObject("cluster").put("executors", 4);
        });
        ModelArtifact back = ModelJson.read(json);
        assertThat(back).isEqualTo(a);
        assertThat(new String(ModelJson.write(back), StandardCharsets.UTF_8)).doesNotContain("comment", "units");
    }

    @Test
    void shouldTreatAbsentOptionalProvenanceAsNull() throws Exception {
        Provenance p = TestModels.provenance();
        ModelArtifact a = TestModels.sample().toBuilder().provenance(new Provenance(p.trainer(), p.trainerVersion(),
                p.parameters(), p.dataUri(), p.dataFingerprint(), p.rows(), p.createdAt(), null, null)).build();
        assertThat(new String(ModelJson.write(a), StandardCharsets.UTF_8)).contains("\"seed\": null",
                "\"gitSha\": null");
        byte[] omitted = edit(a, root -> ((ObjectNode) root.get("provenance")).remove(List.of("seed", "gitSha")));
        assertThat(ModelJson.read(omitted)).isEqualTo(a);
    }

    @Test
    void shouldReadStreamsAndFiles(@TempDir Path dir) throws Exception {
        ModelArtifact a = TestModels.sample();
        assertThat(ModelJson.read(new ByteArrayInputStream(ModelJson.write(a)))).isEqualTo(a);
        Path file = dir.resolve("a.json");
        Files.write(file, ModelJson.write(a));
        assertThat(ModelJson.read(file)).isEqualTo(a);
        Files.write(file, "{".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelJson.read(file)).isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith(file + ": invalid JSON");
    }

    @Test
    void shouldRejectUnknownFormatVersion() {
        assertRejected(root -> root.put("formatVersion", 2),
                "formatVersion 2 is unknown: this reader supports only format 1; upgrade iotstream-model-format");
        assertRejected(root -> root.put("formatVersion", 0), "formatVersion 0 is unknown");
        assertRejected(root -> root.remove("formatVersion"), "formatVersion is missing: this is not an IoTStream");
        assertRejected(root -> root.put("formatVersion", "1"),
                "formatVersion must be an integer, but is a string \"1\"");
        assertRejected(root -> root.put("formatVersion", 1.5), "formatVersion must be an integer");
    }

    @Test
    void shouldRejectChecksumMismatch() {
        ModelArtifact a = TestModels.sample();
        assertRejected(root -> ((ArrayNode) root.get("weights")).set(3, 3.2208),
                "checksum mismatch: the artifact says " + a.checksum() + " but its content hashes to sha256:");
        assertRejected(root -> root.put("version", "2024-05-01.2"), "checksum mismatch");
        assertRejected(root -> ((ObjectNode) root.get("provenance")).put("rows", 99_999), "checksum mismatch");
        assertRejected(root -> ((ObjectNode) root.get("metrics")).put("auc", 0.9999), "checksum mismatch");
        assertRejected(root -> ((ObjectNode) root.get("metrics")).put("extra", 1.0), "checksum mismatch");
        assertRejected(root -> root.put("checksum", a.checksum().toUpperCase(java.util.Locale.ROOT)),
                "is malformed: it must be \"sha256:\" followed by 64 lowercase hex digits");
        assertRejected(root -> root.remove("checksum"), "checksum is missing");
    }

    @Test
    void shouldRejectNonFiniteNumbers() {
        assertRejected(root -> ((ArrayNode) root.get("weights")).set(2, new DecimalNode(new BigDecimal("1e999"))),
                "weights[2] is Infinity, which is not a finite double: every number of an artifact must be finite");
        assertRejected(root -> root.set("intercept", new DecimalNode(new BigDecimal("-1e400"))),
                "intercept is -Infinity, which is not a finite double");
        assertRejected(root -> root.set("threshold", new DecimalNode(new BigDecimal("1e309"))),
                "threshold is Infinity");
        assertRejectedText(text -> text.replace("\"intercept\": -22.3176", "\"intercept\": NaN"),
                "invalid JSON at line");
    }

    @Test
    void shouldRejectWrongWeightCount() {
        assertRejected(root -> ((ArrayNode) root.get("weights")).remove(9),
                "weights has 9 values but features.count is 10: the artifact needs exactly one weight per feature");
        assertRejected(root -> ((ObjectNode) root.get("features")).put("count", 11),
                "features.count is 11 but features.names has 10 entries");
    }

    @Test
    void shouldRejectThresholdOutsideOpenUnitInterval() {
        assertRejected(root -> root.put("threshold", 1.5),
                "threshold is 1.5: it must be a probability strictly between 0 and 1");
        assertRejected(root -> root.put("threshold", 0), "threshold is 0.0");
        assertRejected(root -> root.put("threshold", 1), "threshold is 1.0");
        assertRejected(root -> root.put("threshold", -0.1), "threshold is -0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "version", "algorithm", "features", "features.count", "features.names",
        "features.neutralValue", "weights", "intercept", "threshold", "metrics", "provenance", "provenance.trainer",
        "provenance.trainerVersion", "provenance.parameters", "provenance.dataUri", "provenance.dataFingerprint",
        "provenance.rows", "provenance.createdAt", "checksum"})
    void shouldRejectMissingRequiredField(String path) {
        String[] parts = path.split("\\.");
        Consumer<ObjectNode> remove = root -> {
            ObjectNode parent = parts.length == 1 ? root : (ObjectNode) root.get(parts[0]);
            parent.remove(parts[parts.length - 1]);
        };
        assertRejected(remove, path + " is missing");
        Consumer<ObjectNode> nullify = root -> {
            ObjectNode parent = parts.length == 1 ? root : (ObjectNode) root.get(parts[0]);
            parent.putNull(parts[parts.length - 1]);
        };
        assertRejected(nullify, path + " is missing");
    }

    @Test
    void shouldRejectWrongTypes() {
        assertRejected(root -> root.put("name", 5), "name must be a string, but is an integer 5");
        assertRejected(root -> root.put("weights", "0.1"), "weights must be an array of numbers, but is a string");
        assertRejected(root -> ((ArrayNode) root.get("weights")).set(0, JsonNodeFactory.instance.textNode("0.8")),
                "weights[0] must be a number, but is a string \"0.8\"");
        assertRejected(root -> ((ArrayNode) root.get("weights")).set(0, JsonNodeFactory.instance.nullNode()),
                "weights[0] is null: write a finite number");
        assertRejected(root -> ((ArrayNode) ((ObjectNode) root.get("features")).get("names")).set(0,
                JsonNodeFactory.instance.numberNode(1)), "features.names[0] must be a string, but is an integer 1");
        assertRejected(root -> root.putArray("metrics"), "metrics must be an object, but is an array");
        assertRejected(root -> ((ObjectNode) root.get("metrics")).put("auc", "high"),
                "metrics.auc must be a number, but is a string");
        assertRejected(root -> ((ObjectNode) root.get("provenance")).put("createdAt", "yesterday"),
                "provenance.createdAt \"yesterday\" is not an ISO-8601 instant");
        assertRejected(root -> ((ObjectNode) root.get("provenance")).put("rows", 1.5),
                "provenance.rows must be an integer");
        assertRejected(root -> ((ObjectNode) root.get("provenance")).put("seed", "42"),
                "provenance.seed must be an integer");
        assertRejected(root -> ((ObjectNode) ((ObjectNode) root.get("provenance")).get("parameters"))
                .put("maxIter", 100), "provenance.parameters.maxIter must be a string");
        assertRejected(root -> root.put("algorithm", "random_forest"),
                "algorithm is \"random_forest\" but format 1 only knows \"logistic_regression\"");
        assertRejected(root -> root.put("name", "has space"), "name \"has space\" is not allowed");
        assertRejected(root -> ((ArrayNode) ((ObjectNode) root.get("features")).get("names")).set(1,
                JsonNodeFactory.instance.textNode("s1")), "features.names[1] 's1' is a duplicate");
    }

    @Test
    void shouldRejectInvalidOrTruncatedJson() throws Exception {
        byte[] json = ModelJson.write(TestModels.sample());
        for (int cut : new int[] {1, json.length / 3, json.length / 2, json.length - 3}) {
            byte[] truncated = java.util.Arrays.copyOf(json, cut);
            assertThatThrownBy(() -> ModelJson.read(truncated)).as("cut at %d", cut)
                    .isInstanceOf(InvalidModelException.class)
                    .hasMessageStartingWith("invalid JSON at line")
                    .hasMessageContaining("the artifact is truncated or damaged, or is not JSON; fetch or re-export it");
        }
        assertThatThrownBy(() -> ModelJson.read(new byte[0])).hasMessageStartingWith("the artifact is empty");
        assertThatThrownBy(() -> ModelJson.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the artifact is an array, not a JSON object");
        assertThatThrownBy(() -> ModelJson.read("PK\u0003\u0004".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("invalid JSON");
        String text = new String(json, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelJson.read((text + "{}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("invalid JSON").hasMessageContaining("Trailing token");
        String duplicated = text.replace("\"threshold\": 0.5,", "\"threshold\": 0.5,\n  \"threshold\": 0.1,");
        assertThatThrownBy(() -> ModelJson.read(duplicated.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("invalid JSON").hasMessageContaining("Duplicate field 'threshold'");
    }

    @Test
    void shouldKeepInstantPrecision() throws Exception {
        Provenance p = TestModels.provenance();
        ModelArtifact a = TestModels.sample().toBuilder().provenance(new Provenance(p.trainer(), p.trainerVersion(),
                p.parameters(), p.dataUri(), p.dataFingerprint(), p.rows(),
                Instant.parse("2024-05-01T12:00:00.123456789Z"), Long.MIN_VALUE, p.gitSha())).build();
        ModelArtifact back = ModelJson.read(ModelJson.write(a));
        assertThat(back.provenance().createdAt()).isEqualTo(a.provenance().createdAt());
        assertThat(back.provenance().seed()).isEqualTo(Long.MIN_VALUE);
        // Another writer may spell the same instant differently; the parsed value is what is hashed.
        byte[] respelled = edit(TestModels.sample(), root -> ((ObjectNode) root.get("provenance"))
                .put("createdAt", "2024-05-01T12:00:00.000Z"));
        assertThat(ModelJson.read(respelled)).isEqualTo(TestModels.sample());
    }

    static byte[] edit(ModelArtifact a, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(ModelJson.write(a));
            change.accept(root);
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRejected(Consumer<ObjectNode> change, String messagePart) {
        byte[] json = edit(TestModels.sample(), change);
        assertThatThrownBy(() -> ModelJson.read(json)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(messagePart);
    }

    private static void assertRejectedText(java.util.function.UnaryOperator<String> change, String messagePart) {
        String text = new String(ModelJson.write(TestModels.sample()), StandardCharsets.UTF_8);
        String changed = change.apply(text);
        assertThat(changed).isNotEqualTo(text);
        assertThatThrownBy(() -> ModelJson.read(changed.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining(messagePart);
    }

    private static JsonNode reverseAndExpand(JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            Collections.reverse(keys);
            ObjectNode out = f.objectNode();
            for (String k : keys) {
                out.set(k, reverseAndExpand(node.get(k)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            node.forEach(e -> out.add(reverseAndExpand(e)));
            return out;
        }
        if (node.isDouble()) {
            double d = node.doubleValue();
            if (d == 0.0) {
                return node;
            }
            BigDecimal exact = new BigDecimal(d);
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? f.numberNode(exact.toBigInteger())
                    : f.numberNode(exact);
        }
        return node;
    }
}
