package io.iotstream.training.train;

import io.iotstream.model.ModelArtifact;
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
     * @param decision  the gate's verdict, if there was a gate
     * @param live      the live pointer after promotion, if the version was promoted
     */
    public record Outcome(PublishedVersion published, Optional<PromotionGate.Decision> decision,
                          Optional<LivePointer> live) {

        public boolean promoted() {
            return live.isPresent();
        }
    }

    /**
     * Publishes {@code artifact}, then promotes it per {@code promotion}. The gate compares with the version that
     * is live before this one is published.
     *
     * @throws io.iotstream.model.store.ModelStoreException on store failures (e.g. the version exists)
     */
    public static Outcome publish(ModelStore store, ModelArtifact artifact, Promotion promotion, PromotionGate gate,
            String promotedBy) {
        Optional<PromotionGate.Decision> decision = Optional.empty();
        if (promotion == Promotion.GATE) {
            Optional<PromotionGate.Live> live = store.live(artifact.name())
                    .map(p -> store.fetch(artifact.name(), p.version()))
                    .map(a -> new PromotionGate.Live(a.id(), a.metrics()));
            decision = Optional.of(gate.evaluate(artifact.metrics(), live));
        }
        PublishedVersion published = store.publish(artifact);
        boolean promote = promotion == Promotion.ALWAYS
                || (promotion == Promotion.GATE && decision.orElseThrow().pass());
        Optional<LivePointer> pointer = promote
                ? Optional.of(store.promote(artifact.name(), artifact.version(), promotedBy))
                : Optional.empty();
        return new Outcome(published, decision, pointer);
    }
}
