package io.iotstream.model.pmml;

import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import org.dmg.pmml.Application;
import org.dmg.pmml.Extension;
import org.dmg.pmml.Header;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static io.iotstream.model.pmml.ModelPmml.EXT;
import static io.iotstream.model.pmml.ModelPmml.EXT_CHECKSUM;
import static io.iotstream.model.pmml.ModelPmml.EXT_METRIC;
import static io.iotstream.model.pmml.ModelPmml.EXT_PARAMETER;
import static io.iotstream.model.pmml.ModelPmml.EXT_PROVENANCE;
import static io.iotstream.model.pmml.ModelPmml.EXT_THRESHOLD;
import static io.iotstream.model.pmml.PmmlNumbers.toDouble;

/**
 * The {@code iotstream.*} Header extensions of an imported file: what {@link ModelPmml#write} puts there because
 * PMML has no place for it. A foreign file has none, so every reader here has a fallback.
 */
final class HeaderExtensions {

    private final Map<String, String> values;

    private HeaderExtensions(Map<String, String> values) {
        this.values = values;
    }

    static HeaderExtensions of(Header header) {
        Map<String, String> result = new TreeMap<>();
        if (header != null && header.hasExtensions()) {
            for (Extension e : header.getExtensions()) {
                if (e.getName() != null && e.getName().startsWith(EXT) && e.getValue() != null) {
                    result.put(e.getName(), e.getValue());
                }
            }
        }
        return new HeaderExtensions(result);
    }

    /** The exported threshold, else PMML's implicit 0.5. */
    double threshold() throws InvalidModelException {
        return values.containsKey(EXT_THRESHOLD)
                ? toDouble(values.get(EXT_THRESHOLD), "Extension " + EXT_THRESHOLD)
                : ModelArtifact.DEFAULT_THRESHOLD;
    }

    Map<String, Double> metrics() throws InvalidModelException {
        Map<String, Double> metrics = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(EXT_METRIC)) {
                metrics.put(e.getKey().substring(EXT_METRIC.length()), toDouble(e.getValue(), "Extension " + e.getKey()));
            }
        }
        return metrics;
    }

    /**
     * The exported provenance; for a foreign file, what the Header says (Application, Timestamp) and where the model
     * came from, with "unknown" for the rest.
     */
    Provenance provenance(PmmlDocument doc, String positiveCategory) throws InvalidModelException {
        Header header = doc.header();
        Application app = header == null ? null : header.getApplication();
        String trainer = values.getOrDefault(EXT_PROVENANCE + "trainer",
                app != null && app.getName() != null && !app.getName().isBlank() ? app.getName() : "unknown");
        String trainerVersion = values.getOrDefault(EXT_PROVENANCE + "trainerVersion",
                app != null && app.getVersion() != null && !app.getVersion().isBlank() ? app.getVersion() : "unknown");
        Map<String, String> parameters = parameters(doc, positiveCategory);
        Instant createdAt = parseTimestamp(createdAtText(header));
        long rows = values.containsKey(EXT_PROVENANCE + "rows")
                ? (long) toDouble(values.get(EXT_PROVENANCE + "rows"), "Extension " + EXT_PROVENANCE + "rows") : 0L;
        Long seed = seed();
        try {
            return new Provenance(trainer, trainerVersion, parameters,
                    values.getOrDefault(EXT_PROVENANCE + "dataUri", "unknown"),
                    values.getOrDefault(EXT_PROVENANCE + "dataFingerprint", "unknown"),
                    rows, createdAt, seed, values.get(EXT_PROVENANCE + "gitSha"));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("PMML import: " + e.getMessage(), e);
        }
    }

    private Map<String, String> parameters(PmmlDocument doc, String positiveCategory) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(EXT_PARAMETER)) {
                parameters.put(e.getKey().substring(EXT_PARAMETER.length()), e.getValue());
            }
        }
        if (!values.containsKey(EXT_CHECKSUM)) {
            // Not one of ours: record where the model came from instead of the training parameters we cannot know.
            parameters.put("pmml.sha256", doc.sha256());
            parameters.put("pmml.version", doc.sourceVersion());
            parameters.put("pmml.positiveCategory", positiveCategory);
            if (doc.model().getModelName() != null) {
                parameters.put("pmml.modelName", doc.model().getModelName());
            }
        }
        return parameters;
    }

    private String createdAtText(Header header) {
        String createdText = values.get(EXT_PROVENANCE + "createdAt");
        if (createdText == null && header != null && header.getTimestamp() != null
                && header.getTimestamp().hasContent()) {
            createdText = String.valueOf(header.getTimestamp().getContent().get(0)).trim();
        }
        return createdText;
    }

    private Long seed() throws InvalidModelException {
        if (!values.containsKey(EXT_PROVENANCE + "seed")) {
            return null;
        }
        try {
            return Long.parseLong(values.get(EXT_PROVENANCE + "seed"));
        } catch (NumberFormatException e) {
            throw new InvalidModelException("Extension " + EXT_PROVENANCE + "seed is not an integer: fix or "
                    + "remove it", e);
        }
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
}
