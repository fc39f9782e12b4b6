package io.iotstream.model.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link ModelArtifact}s as JSON, format version {@value #FORMAT_VERSION}, as specified field by
 * field in {@code docs/model-format.md}.
 *
 * <p>Writing is deterministic: the same artifact always gives the same bytes (UTF-8, two-space indent, {@code \n}
 * line ends, the field order of the spec, doubles in shortest round-trip form), so doubles survive a round trip bit
 * for bit.
 *
 * <p>Reading accepts any JSON that holds the same values (another writer's whitespace, key order or number spelling
 * is fine, because the checksum covers the canonical content, not the file's bytes) and rejects with an
 * {@link InvalidModelException} naming the field and the fix: invalid or truncated JSON, duplicate keys, a missing
 * or unknown format version, missing required fields, wrong JSON types, non-finite numbers, a weight count that is
 * not the feature count, a threshold outside (0,1), and a checksum that does not match the content. Unknown fields
 * are ignored so that a later minor revision can add information without breaking older readers; they are not
 * covered by the checksum and are dropped when the artifact is written again. Anything that changes how a model
 * scores needs a new format version, which older readers reject.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class ModelJson {

    /** The format version this class reads and writes; equal to {@link ModelArtifact#FORMAT_VERSION}. */
    public static final int FORMAT_VERSION = ModelArtifact.FORMAT_VERSION;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Same digits as the canonical content, so the file shows exactly the numbers that were hashed.
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            // Two values for one key would let the file say something else than what a reader verified.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ModelJson() {
    }

    /**
     * Parses and validates an artifact.
     *
     * @throws InvalidModelException if the JSON is not a valid, intact format-{@value #FORMAT_VERSION} artifact
     */
    public static ModelArtifact read(byte[] json) throws InvalidModelException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidModelException("invalid JSON" + location(e) + ": " + e.getOriginalMessage()
                    + ": the artifact is truncated or damaged, or is not JSON; fetch or re-export it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array failed", e);
        }
        return parse(root);
    }

    /** Reads {@code in} to its end (without closing it) and parses it like {@link #read(byte[])}. */
    public static ModelArtifact read(InputStream in) throws IOException, InvalidModelException {
        return read(in.readAllBytes());
    }

    /** Reads a file and parses it like {@link #read(byte[])}; messages start with the path. */
    public static ModelArtifact read(Path file) throws IOException, InvalidModelException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return read(bytes);
        } catch (InvalidModelException e) {
            throw new InvalidModelException(file + ": " + e.getMessage(), e);
        }
    }

    /** The artifact as pretty-printed UTF-8 JSON; see the class javadoc for what is stable about it. */
    public static byte[] write(ModelArtifact artifact) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 48 * artifact.features().count());
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(PrettyPrinter.INSTANCE);
            g.writeStartObject();
            g.writeNumberField("formatVersion", artifact.formatVersion());
            g.writeStringField("name", artifact.name());
            g.writeStringField("version", artifact.version());
            g.writeStringField("algorithm", artifact.algorithm());
            g.writeObjectFieldStart("features");
            g.writeNumberField("count", artifact.features().count());
            g.writeArrayFieldStart("names");
            for (String n : artifact.features().names()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeNumberField("neutralValue", artifact.features().neutralValue());
            g.writeEndObject();
            g.writeArrayFieldStart("weights");
            for (int i = 0; i < artifact.features().count(); i++) {
                g.writeNumber(artifact.weight(i));
            }
            g.writeEndArray();
            g.writeNumberField("intercept", artifact.intercept());
            g.writeNumberField("threshold", artifact.threshold());
            g.writeObjectFieldStart("metrics");
            for (Map.Entry<String, Double> e : artifact.metrics().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            Provenance p = artifact.provenance();
            g.writeObjectFieldStart("provenance");
            g.writeStringField("trainer", p.trainer());
            g.writeStringField("trainerVersion", p.trainerVersion());
            g.writeObjectFieldStart("parameters");
            for (Map.Entry<String, String> e : p.parameters().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("dataUri", p.dataUri());
            g.writeStringField("dataFingerprint", p.dataFingerprint());
            g.writeNumberField("rows", p.rows());
            g.writeStringField("createdAt", p.createdAt().toString());
            if (p.seed() == null) {
                g.writeNullField("seed");
            } else {
                g.writeNumberField("seed", p.seed());
            }
            if (p.gitSha() == null) {
                g.writeNullField("gitSha");
            } else {
                g.writeStringField("gitSha", p.gitSha());
            }
            g.writeEndObject();
            g.writeStringField("checksum", artifact.checksum());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Recomputes {@code "sha256:<64 lowercase hex>"} over the artifact's canonical content (every field except the
     * checksum; see {@link ModelArtifact#canonicalContent()}). Equal to {@code artifact.checksum()} for every
     * artifact, since one cannot be constructed otherwise; useful to check a copy made by other means.
     */
    public static String checksum(ModelArtifact artifact) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(artifact.canonicalContent());
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    private static ModelArtifact parse(JsonNode root) throws InvalidModelException {
        requireObject(root);
        int formatVersion = formatVersion(root);
        String name = text(root, "name", "");
        String version = text(root, "version", "");
        String algorithm = text(root, "algorithm", "");
        Features features = features(object(root, "features", ""));
        double[] weights = weights(required(root, "weights", ""), features.names().size());
        double intercept = number(required(root, "intercept", ""), "intercept");
        double threshold = number(required(root, "threshold", ""), "threshold");
        Map<String, Double> metrics = metrics(object(root, "metrics", ""));
        ProvenanceFields provenanceFields = provenance(object(root, "provenance", ""));
        String checksum = text(root, "checksum", "");

        try {
            Provenance provenance = provenanceFields.toProvenance();
            FeatureSpec featureSpec = features.toFeatureSpec();
            return new ModelArtifact(formatVersion, name, version, algorithm, featureSpec, weights, intercept,
                    threshold, metrics, provenance, checksum);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(e.getMessage(), e);
        }
    }

    private static void requireObject(JsonNode root) throws InvalidModelException {
        if (root == null || root.isMissingNode()) {
            throw new InvalidModelException("the artifact is empty: fetch or re-export it");
        }
        if (!root.isObject()) {
            throw new InvalidModelException("the artifact is " + type(root)
                    + ", not a JSON object: this is not an IoTStream model artifact");
        }
    }

    private static int formatVersion(JsonNode root) throws InvalidModelException {
        JsonNode fv = root.get("formatVersion");
        if (fv == null || fv.isNull()) {
            throw new InvalidModelException("formatVersion is missing: this is not an IoTStream model artifact, or its "
                    + "writer dropped the field; re-export it with ModelJson.write");
        }
        int formatVersion = integer(fv, "formatVersion");
        if (formatVersion != FORMAT_VERSION) {
            throw new InvalidModelException("formatVersion " + formatVersion + " is unknown: this reader supports only "
                    + "format " + FORMAT_VERSION + "; upgrade iotstream-model-format to a release that reads format "
                    + formatVersion + ", or re-export the model as format " + FORMAT_VERSION);
        }
        return formatVersion;
    }

    private static Features features(JsonNode featuresNode) throws InvalidModelException {
        int count = integer(required(featuresNode, "count", "features."), "features.count");
        List<String> names = featureNames(required(featuresNode, "names", "features."));
        if (count != names.size()) {
            throw new InvalidModelException("features.count is " + count + " but features.names has " + names.size()
                    + " entries: the artifact is inconsistent; re-export it");
        }
        double neutral = number(required(featuresNode, "neutralValue", "features."), "features.neutralValue");
        return new Features(names, neutral);
    }

    private static List<String> featureNames(JsonNode namesNode) throws InvalidModelException {
        if (!namesNode.isArray()) {
            throw wrongType("features.names", "an array of strings", namesNode);
        }
        List<String> names = new ArrayList<>(namesNode.size());
        for (int i = 0; i < namesNode.size(); i++) {
            JsonNode n = namesNode.get(i);
            if (!n.isTextual()) {
                throw wrongType("features.names[" + i + "]", "a string", n);
            }
            names.add(n.textValue());
        }
        return names;
    }

    private static double[] weights(JsonNode weightsNode, int count) throws InvalidModelException {
        if (!weightsNode.isArray()) {
            throw wrongType("weights", "an array of numbers", weightsNode);
        }
        if (weightsNode.size() != count) {
            throw new InvalidModelException("weights has " + weightsNode.size() + " values but features.count is "
                    + count + ": the artifact needs exactly one weight per feature; re-export it from the trainer");
        }
        double[] weights = new double[weightsNode.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = number(weightsNode.get(i), "weights[" + i + "]");
        }
        return weights;
    }

    private static Map<String, Double> metrics(JsonNode metricsNode) throws InvalidModelException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : metricsNode.properties()) {
            metrics.put(e.getKey(), number(e.getValue(), "metrics." + e.getKey()));
        }
        return metrics;
    }

    private static ProvenanceFields provenance(JsonNode pn) throws InvalidModelException {
        String trainer = text(pn, "trainer", "provenance.");
        String trainerVersion = text(pn, "trainerVersion", "provenance.");
        Map<String, String> parameters = parameters(object(pn, "parameters", "provenance."));
        String dataUri = text(pn, "dataUri", "provenance.");
        String dataFingerprint = text(pn, "dataFingerprint", "provenance.");
        long rows = longInteger(required(pn, "rows", "provenance."), "provenance.rows");
        Instant createdAt = createdAt(text(pn, "createdAt", "provenance."));
        JsonNode seedNode = pn.get("seed");
        Long seed = seedNode == null || seedNode.isNull() ? null : longInteger(seedNode, "provenance.seed");
        String gitSha = gitSha(pn.get("gitSha"));
        return new ProvenanceFields(trainer, trainerVersion, parameters, dataUri, dataFingerprint, rows, createdAt,
                seed, gitSha);
    }

    private static Map<String, String> parameters(JsonNode paramsNode) throws InvalidModelException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : paramsNode.properties()) {
            if (!e.getValue().isTextual()) {
                throw wrongType("provenance.parameters." + e.getKey(), "a string", e.getValue());
            }
            parameters.put(e.getKey(), e.getValue().textValue());
        }
        return parameters;
    }

    private static Instant createdAt(String createdText) throws InvalidModelException {
        try {
            return Instant.parse(createdText);
        } catch (DateTimeParseException e) {
            throw new InvalidModelException("provenance.createdAt \"" + createdText + "\" is not an ISO-8601 instant: "
                    + "write it in UTC like 2024-05-01T12:00:00Z", e);
        }
    }

    private static String gitSha(JsonNode gitNode) throws InvalidModelException {
        if (gitNode == null || gitNode.isNull()) {
            return null;
        }
        if (!gitNode.isTextual()) {
            throw wrongType("provenance.gitSha", "a string or null", gitNode);
        }
        return gitNode.textValue();
    }

    private static JsonNode required(JsonNode parent, String field, String prefix) throws InvalidModelException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidModelException(prefix + field + " is missing: it is a required field of format "
                    + FORMAT_VERSION + " (see docs/model-format.md); the artifact is incomplete, re-export it");
        }
        return n;
    }

    private static JsonNode object(JsonNode parent, String field, String prefix) throws InvalidModelException {
        JsonNode n = required(parent, field, prefix);
        if (!n.isObject()) {
            throw wrongType(prefix + field, "an object", n);
        }
        return n;
    }

    private static String text(JsonNode parent, String field, String prefix) throws InvalidModelException {
        JsonNode n = required(parent, field, prefix);
        if (!n.isTextual()) {
            throw wrongType(prefix + field, "a string", n);
        }
        return n.textValue();
    }

    private static double number(JsonNode n, String path) throws InvalidModelException {
        if (n == null || n.isNull()) {
            throw new InvalidModelException(path + " is null: write a finite number");
        }
        if (!n.isNumber()) {
            throw wrongType(path, "a number", n);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            // JSON has no NaN or Infinity; a literal such as 1e999 overflows to infinity when parsed.
            throw new InvalidModelException(path + " is " + n.asText() + ", which is not a finite double: "
                    + "every number of an artifact must be finite; retrain or check the data");
        }
        return d;
    }

    private static int integer(JsonNode n, String path) throws InvalidModelException {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(path, "an integer", n);
        }
        return n.intValue();
    }

    private static long longInteger(JsonNode n, String path) throws InvalidModelException {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrongType(path, "an integer", n);
        }
        return n.longValue();
    }

    private static InvalidModelException wrongType(String path, String expected, JsonNode actual) {
        String shown = actual.isContainerNode() ? "" : " " + actual;
        return new InvalidModelException(path + " must be " + expected + ", but is " + type(actual) + shown
                + ": fix the writer, or re-export the artifact");
    }

    private static String type(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> n.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    // FeatureSpec and Provenance validate their values when constructed. They are built only after every field has
    // been read, so that a file with several faults reports a missing or mistyped field first, whichever group it is
    // in, before a value one of them rejects.

    /** The features object as read, not yet validated as a {@link FeatureSpec}. */
    private record Features(List<String> names, double neutralValue) {

        FeatureSpec toFeatureSpec() {
            return new FeatureSpec(names, neutralValue);
        }
    }

    /** The provenance object as read, not yet validated as a {@link Provenance}. */
    private record ProvenanceFields(String trainer, String trainerVersion, Map<String, String> parameters,
                                    String dataUri, String dataFingerprint, long rows, Instant createdAt, Long seed,
                                    String gitSha) {

        Provenance toProvenance() {
            return new Provenance(trainer, trainerVersion, parameters, dataUri, dataFingerprint, rows, createdAt, seed,
                    gitSha);
        }
    }

    /** Two-space indent and {@code \n} everywhere, so the bytes do not depend on the platform. */
    private static final class PrettyPrinter {
        static final DefaultPrettyPrinter INSTANCE = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    }
}
