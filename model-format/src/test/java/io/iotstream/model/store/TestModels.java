package io.iotstream.model.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** Small valid artifacts for store and CLI tests. */
public final class TestModels {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestModels() {
    }

    /** A 3-sensor model; {@code intercept} tells otherwise equal artifacts apart. */
    public static ModelArtifact artifact(String name, String version, double intercept) {
        return ModelArtifact.builder(name, version)
                .features(FeatureSpec.sensors(3))
                .weights(0.5, -1.25, 2.0)
                .intercept(intercept)
                .threshold(0.5)
                .metric("auc", 0.91)
                .metric("f1", 0.8)
                .provenance(new Provenance("iottrain-test", "0.1.0", Map.of("regParam", "0.01"),
                        "file:///data/train.csv", "sha256:" + "ab".repeat(32), 1000,
                        Instant.parse("2026-01-02T03:04:05Z"), 42L, "0123abcd"))
                .build();
    }

    public static ModelArtifact artifact(String name, String version) {
        return artifact(name, version, -0.75);
    }

    /** {@code json} with its threshold changed but its checksum kept: what a hand-edited or damaged file looks like. */
    public static byte[] tampered(byte[] json) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(json);
            root.put("threshold", root.get("threshold").asDouble() == 0.75 ? 0.25 : 0.75);
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
