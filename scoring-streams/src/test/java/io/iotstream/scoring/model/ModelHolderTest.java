package io.iotstream.scoring.model;

import io.iotstream.schemas.model.ModelEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStoreException;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.Models;
import io.iotstream.scoring.metrics.ScoringMetrics;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelHolderTest {

    @TempDir
    Path dir;

    private ModelStore store;
    private final ScoringMetrics metrics = ScoringMetrics.inMemory();

    @BeforeEach
    void open() {
        store = ModelStores.open(dir.toString(), StoreOptions.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ModelHolder holder(String uri) {
        return new ModelHolder(ModelRef.parse(uri), store, 0, metrics, Clock.systemUTC());
    }

    private void promote(ModelArtifact artifact) {
        store.publish(artifact);
        store.promote(artifact.name(), artifact.version(), "test");
    }

    @Test
    void shouldSayWhyItIsNotReadyWithoutAModel() {
        ModelHolder models = holder(dir.toUri() + "/" + Models.NAME);
        assertThat(models.notReadyReason()).hasValue("no model loaded yet");
        assertThat(models.refresh("start")).isFalse();
        assertThat(models.current()).isNull();
        assertThat(models.notReadyReason().orElseThrow()).contains("has no live version", "promote");

        store.publish(Models.sensorOneHigh("v1", 3));
        ModelHolder pinned = holder(dir.toUri() + "/" + Models.NAME + "/versions/v2");
        pinned.refresh("start");
        assertThat(pinned.notReadyReason().orElseThrow()).contains(Models.NAME + ":v2 is not in");

        promote(Models.sensorOneHigh("v2", 3));
        assertThat(models.refresh("poll")).isTrue();
        assertThat(models.notReadyReason()).isEmpty();
        assertThat(models.currentId()).isEqualTo(Models.NAME + ":v2");
    }

    @Test
    void shouldNotFetchAnUnchangedPointerAgain() {
        promote(Models.sensorOneHigh("v1", 3));
        ModelHolder models = holder(dir.toUri() + "/" + Models.NAME);
        assertThat(models.refresh("start")).isTrue();
        LiveModel first = models.current();
        assertThat(models.refresh("poll")).isFalse();
        assertThat(models.current()).isSameAs(first);
        assertThat(metrics.modelSwaps()).isZero();

        promote(Models.sensorOneLow("v2", 3));
        assertThat(models.refresh("poll")).isTrue();
        assertThat(models.currentId()).isEqualTo(Models.NAME + ":v2");
        assertThat(metrics.modelSwaps()).isEqualTo(1);
    }

    @Test
    void shouldServeAPinnedVersionAndNeverSwapIt() {
        promote(Models.sensorOneHigh("v1", 3));
        promote(Models.sensorOneHigh("v2", 3));
        ModelHolder models = holder(dir.toUri() + "/" + Models.NAME + "/versions/v1");
        assertThat(models.refresh("start")).isTrue();
        promote(Models.sensorOneHigh("v3", 3));
        assertThat(models.refresh("poll")).isFalse();
        models.onEvent(new ModelEvent(Models.NAME, "v3", dir.toUri().toString(), "sha256:x"));
        assertThat(models.currentId()).isEqualTo(Models.NAME + ":v1");
    }

    @Test
    void shouldCountARefusedModelOnceAndKeepServing() {
        promote(Models.sensorOneHigh("v1", 3));
        ModelHolder models = holder(dir.toUri() + "/" + Models.NAME);
        models.refresh("start");
        promote(Models.sensorOneHigh("v2", 5));
        assertThat(models.refresh("poll")).isFalse();
        assertThat(models.refresh("poll")).isFalse();
        assertThat(models.refresh("poll")).isFalse();
        assertThat(metrics.modelRefusals()).as("the unchanged pointer is not fetched again").isEqualTo(1);
        assertThat(models.currentId()).isEqualTo(Models.NAME + ":v1");
    }

    @Test
    void shouldKeepServingWhileTheStoreIsUnreachableAndRecover() {
        promote(Models.sensorOneHigh("v1", 3));
        boolean[] down = {false};
        ModelStore flaky = (ModelStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ModelStore.class}, (proxy, method, args) -> {
                    if (down[0] && method.getName().equals("fetchLive")) {
                        throw new ModelStoreException("connection refused: the store is down");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ModelHolder models = new ModelHolder(ModelRef.parse(dir.toUri() + "/" + Models.NAME), flaky, 0, metrics,
                Clock.systemUTC());
        models.refresh("start");
        down[0] = true;
        assertThat(models.refresh("poll")).isFalse();
        assertThat(models.refresh("poll")).isFalse();
        assertThat(metrics.modelFetchFailures()).isEqualTo(2);
        assertThat(models.currentId()).isEqualTo(Models.NAME + ":v1");
        down[0] = false;
        promote(Models.sensorOneHigh("v2", 3));
        assertThat(models.refresh("poll")).isTrue();
    }

    @Test
    void shouldRefuseAModelOfTheWrongFeatureCountFromTheStart() {
        promote(Models.sensorOneHigh("v1", 3));
        ModelHolder models = new ModelHolder(ModelRef.parse(dir.toUri() + "/" + Models.NAME), store, 100, metrics,
                Clock.systemUTC());
        assertThat(models.refresh("start")).isFalse();
        assertThat(models.notReadyReason().orElseThrow()).contains("feature-count", "3 features", "100 sensors");
    }
}
