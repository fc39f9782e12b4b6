package io.iotstream.model.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Objects;

/**
 * A detached signature of one model artifact, stored as {@code model.sig} beside {@code model.json}:
 * <pre>{@code
 * {"signatureFormat": 1, "algorithm": "Ed25519", "keyId": "ed25519:3f1c9a2b7d4e5f60",
 *  "model": "sensor-failure:2026.03.1", "checksum": "sha256:...", "signature": "<base64>"}
 * }</pre>
 * The signature covers the artifact's canonical content (exactly what its checksum covers), so it proves both
 * who published the model and that not one weight has changed. {@code model} and {@code checksum} are there
 * for people and for a clear error when a signature is paired with the wrong artifact.
 *
 * @param keyId     {@link TrustedKeys#keyId} of the signing key
 * @param modelId   {@code name:version} of the signed artifact
 * @param checksum  checksum of the signed artifact
 * @param signature the Ed25519 signature bytes (64)
 */
public record ModelSignature(String keyId, String modelId, String checksum, byte[] signature) {

    /** Format of the signature file; readers refuse others. */
    public static final int FORMAT = 1;
    /** The signature's file name beside {@code model.json}, in a store's version folder and on disk. */
    public static final String FILE_NAME = "model.sig";
    /** The only algorithm: Ed25519 is in every JDK since 15, deterministic and small. */
    public static final String ALGORITHM = "Ed25519";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSignature {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(checksum, "checksum");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature file's bytes. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("signatureFormat", FORMAT);
        node.put("algorithm", ALGORITHM);
        node.put("keyId", keyId);
        node.put("model", modelId);
        node.put("checksum", checksum);
        node.put("signature", Base64.getEncoder().encodeToString(signature));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a signature as JSON", e);
        }
    }

    /**
     * Reads a signature file.
     *
     * @throws SignatureException if it is not a signature file of a known format
     */
    public static ModelSignature fromJson(byte[] bytes) throws SignatureException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new SignatureException("the signature file is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "): sign the model again", e);
        }
        if (node == null || !node.isObject()) {
            throw new SignatureException("the signature file is not a JSON object: sign the model again");
        }
        int format = node.path("signatureFormat").asInt(-1);
        if (format != FORMAT) {
            throw new SignatureException("signature format " + node.path("signatureFormat")
                    + " is not supported (this reader knows " + FORMAT + "): upgrade the scorer or sign again");
        }
        String algorithm = node.path("algorithm").asText("");
        if (!ALGORITHM.equals(algorithm)) {
            throw new SignatureException("signature algorithm '" + algorithm + "' is not supported (only "
                    + ALGORITHM + "): sign the model with an Ed25519 key");
        }
        String keyId = text(node, "keyId");
        String model = text(node, "model");
        String checksum = text(node, "checksum");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text(node, "signature"));
        } catch (IllegalArgumentException e) {
            throw new SignatureException("the signature is not valid base64: sign the model again", e);
        }
        return new ModelSignature(keyId, model, checksum, signature);
    }

    private static String text(JsonNode node, String field) throws SignatureException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new SignatureException("the signature file has no '" + field + "': sign the model again");
        }
        return value.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSignature s && keyId.equals(s.keyId) && modelId.equals(s.modelId)
                && checksum.equals(s.checksum) && java.util.Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, modelId, checksum, java.util.Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "ModelSignature[" + modelId + " by " + keyId + "]";
    }
}
