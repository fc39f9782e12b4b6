package io.iotstream.model;

import com.fasterxml.jackson.core.io.NumberOutput;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the canonical content of an artifact, the bytes its checksum covers. The format is specified in
 * {@code docs/model-format.md} ("Canonical content"); any change here is a format change and needs a new
 * format version, because checksums written by older code would no longer verify.
 */
final class CanonicalJson {

    static final String CHECKSUM_PREFIX = "sha256:";

    private CanonicalJson() {
    }

    static byte[] content(int formatVersion, String name, String version, String algorithm, FeatureSpec features,
                          double[] weights, double intercept, double threshold, Map<String, Double> metrics,
                          Provenance p) {
        StringBuilder sb = new StringBuilder(512 + 24 * weights.length + 8 * features.count());
        sb.append('{');
        key(sb, "formatVersion", true).append(formatVersion);
        key(sb, "name", false);
        string(sb, name);
        key(sb, "version", false);
        string(sb, version);
        key(sb, "algorithm", false);
        string(sb, algorithm);
        key(sb, "features", false).append('{');
        key(sb, "count", true).append(features.count());
        key(sb, "names", false).append('[');
        for (int i = 0; i < features.count(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, features.names().get(i));
        }
        sb.append(']');
        key(sb, "neutralValue", false).append(number(features.neutralValue()));
        sb.append('}');
        key(sb, "weights", false).append('[');
        for (int i = 0; i < weights.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(number(weights[i]));
        }
        sb.append(']');
        key(sb, "intercept", false).append(number(intercept));
        key(sb, "threshold", false).append(number(threshold));
        key(sb, "metrics", false).append('{');
        boolean first = true;
        for (Map.Entry<String, Double> e : new TreeMap<>(metrics).entrySet()) {
            key(sb, e.getKey(), first).append(number(e.getValue()));
            first = false;
        }
        sb.append('}');
        key(sb, "provenance", false).append('{');
        key(sb, "trainer", true);
        string(sb, p.trainer());
        key(sb, "trainerVersion", false);
        string(sb, p.trainerVersion());
        key(sb, "parameters", false).append('{');
        first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(p.parameters()).entrySet()) {
            key(sb, e.getKey(), first);
            string(sb, e.getValue());
            first = false;
        }
        sb.append('}');
        key(sb, "dataUri", false);
        string(sb, p.dataUri());
        key(sb, "dataFingerprint", false);
        string(sb, p.dataFingerprint());
        key(sb, "rows", false).append(p.rows());
        key(sb, "createdAt", false);
        string(sb, p.createdAt().toString());
        key(sb, "seed", false).append(p.seed() == null ? "null" : p.seed().toString());
        key(sb, "gitSha", false);
        if (p.gitSha() == null) {
            sb.append("null");
        } else {
            string(sb, p.gitSha());
        }
        sb.append('}');
        sb.append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] content) {
        try {
            return CHECKSUM_PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc), so this is a broken JRE.
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    /**
     * The shortest decimal that parses back to the same double, in {@link Double#toString(double)} layout. Java 17's
     * own Double.toString is not always the shortest (JDK-4511638, fixed in Java 19), so a trainer on 17 and a scorer
     * on 21 would disagree on the text for a few values; jackson-core's Schubfach port gives the Java 19+ result on
     * every JDK.
     */
    static String number(double d) {
        return NumberOutput.toString(d, true);
    }

    private static StringBuilder key(StringBuilder sb, String key, boolean first) {
        if (!first) {
            sb.append(',');
        }
        string(sb, key);
        return sb.append(':');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
