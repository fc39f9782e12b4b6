package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.json.ModelJson;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelStoreTest extends ModelStoreContract {

    @TempDir
    Path root;

    @Override
    ModelStore openStore(StoreOptions options) {
        return ModelStores.open(root.toUri(), options);
    }

    @Override
    void writeRaw(String key, byte[] bytes) throws Exception {
        Files.createDirectories(root.resolve(key).getParent());
        Files.write(root.resolve(key), bytes);
    }

    @Override
    Optional<byte[]> readRaw(String key) throws Exception {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    String expectedLocation() {
        return root.toUri().toString().replaceAll("/$", "");
    }

    @Test
    void shouldLayOutVersionsAndPointerAsDocumented() throws Exception {
        store.publish(TestModels.artifact(NAME, "1"));
        store.promote(NAME, "1", "ci");

        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("turbine/versions/1/model.json", "turbine/versions/1/model.pmml",
                            "turbine/live.json", "turbine/.lock");
        }
        assertThat(Files.readString(root.resolve("turbine/live.json")))
                .contains("\"pointerFormat\" : 1", "\"version\" : \"1\"", "\"promotedBy\" : \"ci\"");
    }

    @Test
    void shouldIgnoreIncompleteVersionsAndLeftoverStagingFolders() throws Exception {
        store.publish(TestModels.artifact(NAME, "1"));
        Files.createDirectories(root.resolve("turbine/versions/2"));
        Files.write(root.resolve("turbine/versions/2/model.pmml"), new byte[] {1});
        Files.createDirectories(root.resolve("turbine/.staging/3-crashed"));

        assertThat(store.list(NAME)).extracting(VersionSummary::version).containsExactly("1");
        assertThat(store.names()).containsExactly(NAME);
        try (Stream<Path> staging = Files.list(root.resolve("turbine/.staging"))) {
            assertThat(staging.map(p -> p.getFileName().toString())).containsExactly("3-crashed");
        }
    }

    @Test
    void shouldPublishIntoAFolderThatDoesNotExistYet() {
        ModelStore nested = ModelStores.open(root.resolve("a/b/models").toString(), StoreOptions.defaults());

        nested.publish(TestModels.artifact(NAME, "1"));

        assertThat(Files.isRegularFile(root.resolve("a/b/models/turbine/versions/1/model.json"))).isTrue();
        assertThat(nested.names()).containsExactly(NAME);
    }

    @Test
    void shouldLoseNoPromotionWhenPromotersRace() throws Exception {
        int promoters = 3;
        int rounds = 4;
        store.publish(TestModels.artifact(NAME, "seed"));
        store.promote(NAME, "seed", "seed");
        for (int p = 0; p < promoters; p++) {
            for (int r = 0; r < rounds; r++) {
                store.publish(TestModels.artifact(NAME, "p" + p + "r" + r));
            }
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(promoters);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int p = 0; p < promoters; p++) {
                int promoter = p;
                ModelStore own = open();
                results.add(pool.submit(() -> {
                    go.await();
                    List<String> promoted = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        String version = "p" + promoter + "r" + r;
                        try {
                            own.promote(NAME, version, "promoter-" + promoter);
                            promoted.add(version);
                        } catch (ConcurrentUpdateException e) {
                            // allowed after retries; then it must not appear in the history either
                        }
                    }
                    return promoted;
                }));
            }
            go.countDown();
            Set<String> promoted = new HashSet<>();
            for (Future<List<String>> f : results) {
                promoted.addAll(f.get(60, TimeUnit.SECONDS));
            }

            LivePointer pointer = store.live(NAME).orElseThrow();
            Set<String> recorded = new HashSet<>();
            recorded.add(pointer.version());
            pointer.previous().forEach(e -> recorded.add(e.version()));
            promoted.add("seed");
            // The lock makes read-compare-replace atomic: every successful promote is in the pointer's history.
            assertThat(recorded).isEqualTo(promoted);
            assertThat(pointer.previous()).hasSize(promoted.size() - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldUseAHashOfThePointerAsTag() throws Exception {
        store.publish(TestModels.artifact(NAME, "1"));
        store.promote(NAME, "1", "ci");

        String tag = store.fetchLive(NAME, null).tag();

        assertThat(tag).isEqualTo(FileModelStore.sha256(Files.readAllBytes(root.resolve("turbine/live.json"))));
        assertThat(ModelJson.read(Files.readAllBytes(root.resolve("turbine/versions/1/model.json"))).version())
                .isEqualTo("1");
    }
}
