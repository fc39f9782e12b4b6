package io.iotstream.training.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.FeatureSpec;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPublisherTest {

    @TempDir
    Path dir;

    private static ModelArtifact model(String version, double auc) {
        return ModelArtifact.builder("pump", version)
                .features(FeatureSpec.sensors(2))
                .weights(1, 2)
                .metric("auc", auc)
                .provenance(new Provenance("test", "1", Map.of(), "memory:", "none", 1, Instant.EPOCH, null, null))
                .build();
    }

    @Test
    void shouldPromoteOnlyWhatPassesTheGateAndIsNotWorseThanTheLiveModel() {
        PromotionGate gate = PromotionGate.parse("auc>=0.9", 0.01);
        try (ModelStore store = ModelStores.open(dir.toString(), StoreOptions.defaults())) {
            var first = ModelPublisher.publish(store, model("1", 0.95), Promotion.GATE, gate, "ci");
            assertThat(first.promoted()).isTrue();

            var tooLow = ModelPublisher.publish(store, model("2", 0.85), Promotion.GATE, gate, "ci");
            assertThat(tooLow.promoted()).isFalse();
            assertThat(tooLow.published().version()).isEqualTo("2");

            var worseThanLive = ModelPublisher.publish(store, model("3", 0.93), Promotion.GATE, gate, "ci");
            assertThat(worseThanLive.promoted()).isFalse();
            assertThat(worseThanLive.decision().orElseThrow().reasons())
                    .anyMatch(r -> r.contains("vs live pump:1") && r.contains("FAILED"));

            var withinMargin = ModelPublisher.publish(store, model("4", 0.945), Promotion.GATE, gate, "ci");
            assertThat(withinMargin.promoted()).isTrue();
            assertThat(store.live("pump").orElseThrow().version()).isEqualTo("4");

            var always = ModelPublisher.publish(store, model("5", 0.5), Promotion.ALWAYS, null, "ci");
            assertThat(always.promoted()).isTrue();
            var never = ModelPublisher.publish(store, model("6", 0.99), Promotion.NONE, null, "ci");
            assertThat(never.promoted()).isFalse();
            assertThat(store.live("pump").orElseThrow().version()).isEqualTo("5");
        }
    }
}
