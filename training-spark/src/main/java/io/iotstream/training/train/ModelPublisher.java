package io.iotstream.training.train;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.PublishedVersion;
import java.util.Optional;

/** Publishes an artifact to a model store and, as asked, makes it live: always, never, or if the gate passes. */
public final class ModelPublisher {

    private ModelPublisher() {
    }

    /**
     * What happened.
     *
     * @param published where the version went
     * @param compared  the live model the gate compared with (the one live before publication), if the gate ran and
     *                  a model was live
     * @param decision  the gate's verdict, if there was a gate
     * @param live      the live pointer after promotion, if the version was promoted
     */
    public record Outcome(PublishedVersion published, Optional<PromotionGate.Live> compared,
                          Optional<PromotionGate.Decision> decision, Optional<LivePointer> live) {

        public boolean promoted() {
            return live.isPresent();
        }
    }

    /** As {@link #publish(ModelStore, ModelArtifact, ModelSignature, Promotion, PromotionGate, String)}, unsigned. */
    public static Outcome publish(ModelStore store, ModelArtifact artifact, Promotion promotion, PromotionGate gate,
            String promotedBy) {
        return publish(store, artifact, null, promotion, gate, promotedBy);
    }

    /**
     * Publishes {@code artifact} (with its signature, if not null), then promotes it per {@code promotion}. The gate
     * compares with the version that is live before this one is published. The version is published whatever the
     * gate says: versions are immutable and cheap, and a refused one stays there for inspection.
     *
     * @throws io.iotstream.model.store.ModelStoreException on store failures (e.g. the version exists)
     */
    public static Outcome publish(ModelStore store, ModelArtifact artifact, ModelSignature signature,
            Promotion promotion, PromotionGate gate, String promotedBy) {
        Optional<PromotionGate.Live> compared = Optional.empty();
        Optional<PromotionGate.Decision> decision = Optional.empty();
        if (promotion == Promotion.GATE) {
            compared = store.live(artifact.name())
                    .map(p -> store.fetch(artifact.name(), p.version()))
                    .map(a -> new PromotionGate.Live(a.id(), a.metrics()));
            decision = Optional.of(gate.evaluate(artifact.metrics(), compared));
        }
        PublishedVersion published = store.publish(artifact, signature);
        boolean promote = promotion == Promotion.ALWAYS
                || (promotion == Promotion.GATE && decision.orElseThrow().pass());
        Optional<LivePointer> pointer = promote
                ? Optional.of(store.promote(artifact.name(), artifact.version(), promotedBy))
                : Optional.empty();
        return new Outcome(published, compared, decision, pointer);
    }
}
