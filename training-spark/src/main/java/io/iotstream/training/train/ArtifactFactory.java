package io.iotstream.training.train;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.training.io.InputFiles;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a {@link TrainedModel} into the portable, checksummed {@link ModelArtifact} with its provenance. */
public final class ArtifactFactory {

    private static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ArtifactFactory() {
    }

    /** The version a model trained at {@code trainedAt} gets when none is given, e.g. {@code 20260301T080000Z}. */
    public static String defaultVersion(Instant trainedAt) {
        return VERSION_FORMAT.format(trainedAt);
    }

    /**
     * Builds the artifact.
     *
     * @param fingerprint the input's fingerprint ({@link InputFiles#fingerprint})
     * @param trainedAt   when training finished
     * @throws IllegalArgumentException if the model is not a valid artifact (e.g. a weight is infinite)
     */
    public static ModelArtifact build(TrainedModel model, TrainConfig config, InputFiles input, String fingerprint,
            Instant trainedAt) {
        Map<String, String> parameters = new LinkedHashMap<>(model.parameters());
        parameters.put("engine", config.engine().name().toLowerCase(java.util.Locale.ROOT));
        parameters.put("holdout", Double.toString(config.holdout()));
        parameters.put("holdoutRows", Long.toString(model.holdoutRows()));
        parameters.put("inputFormat", input.format().name().toLowerCase(java.util.Locale.ROOT));
        Provenance provenance = new Provenance(model.trainer(), model.trainerVersion(), parameters, input.location(),
                fingerprint, model.trainRows(), trainedAt, config.seed(), config.gitSha());
        String version = config.version() != null ? config.version() : defaultVersion(trainedAt);
        return ModelArtifact.builder(config.name(), version)
                .features(FeatureSpec.sensors(model.sensors()))
                .weights(model.weights())
                .intercept(model.intercept())
                .threshold(model.threshold())
                .metrics(model.metrics())
                .provenance(provenance)
                .build();
    }
}
