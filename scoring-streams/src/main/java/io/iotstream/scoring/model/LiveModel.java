package io.iotstream.scoring.model;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import java.time.Instant;
import java.util.Objects;

/**
 * A verified model that serves: the artifact and its scorer. Compared by identity: each swap makes a new one, so
 * per-device state can tell cheaply ({@code ==}) whether it was built for the model serving now.
 *
 * @param artifact the model
 * @param scorer its scorer (also what alerts' top contributions and decisions use)
 * @param vectorScorer what scores whole vectors instead of the incremental margin, or null for the margin (the
 *     scorer's own way; see {@link ScorerFactory})
 * @param loadedAt when it started serving
 */
public record LiveModel(ModelArtifact artifact, LogisticScorer scorer, ScorerFactory.VectorScorer vectorScorer,
        Instant loadedAt) {

    public LiveModel {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /** A model scored by the incremental margin. */
    public static LiveModel of(ModelArtifact artifact, Instant loadedAt) {
        return of(artifact, ScorerFactory.INCREMENTAL, loadedAt);
    }

    public static LiveModel of(ModelArtifact artifact, ScorerFactory scorers, Instant loadedAt) {
        return new LiveModel(artifact, new LogisticScorer(artifact), scorers.create(artifact), loadedAt);
    }

    /** {@code name:version}. */
    public String id() {
        return artifact.id();
    }

    public int featureCount() {
        return scorer.featureCount();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
