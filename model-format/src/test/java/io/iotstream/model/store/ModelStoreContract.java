package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.pmml.ModelPmml;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModelStore} backend must have. A backend's test extends this class and says how to
 * open a fresh, empty store and how to reach its raw objects (to damage them behind the store's back).
 */
abstract class ModelStoreContract {

    static final String NAME = "turbine";
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    private final List<ModelStore> opened = new ArrayList<>();
    ModelStore store;

    /** A new store handle on the same empty location each call within one test (a fresh location per test). */
    abstract ModelStore openStore(StoreOptions options);

    /** Replaces the raw object at {@code key} (relative to the store root), bypassing the store. */
    abstract void writeRaw(String key, byte[] bytes) throws Exception;

    /** The raw object at {@code key}, or empty. */
    abstract Optional<byte[]> readRaw(String key) throws Exception;

    /** The location {@link ModelStore#location()} must report. */
    abstract String expectedLocation();

    @BeforeEach
    void openFreshStore() {
        store = open();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(ModelStore::close);
    }

    ModelStore open() {
        ModelStore s = openStore(StoreOptions.defaults().withClock(clock));
        opened.add(s);
        return s;
    }

    // ---- publish and fetch ---------------------------------------------------------------------------------

    @Test
    void shouldPublishThenFetchTheSameVerifiedArtifact() throws Exception {
        ModelArtifact model = TestModels.artifact(NAME, "1");

        PublishedVersion published = store.publish(model);

        assertThat(published.name()).isEqualTo(NAME);
        assertThat(published.version()).isEqualTo("1");
        assertThat(published.checksum()).isEqualTo(model.checksum());
        assertThat(published.location()).isEqualTo(expectedLocation() + "/turbine/versions/1/");
        assertThat(store.location()).isEqualTo(expectedLocation());
        assertThat(store.fetch(NAME, "1")).isEqualTo(model);
        assertThat(store.fetchPmml(NAME, "1")).isEqualTo(ModelPmml.write(model));
        assertThat(readRaw("turbine/versions/1/model.json")).hasValue(ModelJson.write(model));
        assertThat(store.live(NAME)).isEmpty();
    }

    @Test
    void shouldListVersionsWithMetricsInVersionOrder() {
        for (String v : List.of("10", "2", "1")) {
            store.publish(TestModels.artifact(NAME, v));
        }
        store.publish(TestModels.artifact("pump", "a"));

        List<VersionSummary> versions = store.list(NAME);

        assertThat(versions).extracting(VersionSummary::version).containsExactly("1", "2", "10");
        assertThat(versions).allSatisfy(v -> {
            assertThat(v.valid()).isTrue();
            assertThat(v.live()).isFalse();
            assertThat(v.metrics()).containsEntry("auc", 0.91).containsEntry("f1", 0.8);
            assertThat(v.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(v.algorithm()).isEqualTo(ModelArtifact.LOGISTIC_REGRESSION);
        });
        assertThat(store.names()).containsExactly("pump", "turbine");
        assertThat(store.list("unknown")).isEmpty();
    }

    @Test
    void shouldNeverOverwriteAPublishedVersion() {
        ModelArtifact first = TestModels.artifact(NAME, "1", 0.1);
        store.publish(first);

        assertThatThrownBy(() -> store.publish(TestModels.artifact(NAME, "1", 0.2)))
                .isInstanceOf(VersionExistsException.class)
                .hasMessageContaining("turbine:1")
                .hasMessageContaining("already exists")
                .hasMessageContaining("publish under a new version");
        assertThatThrownBy(() -> store.publish(first)).isInstanceOf(VersionExistsException.class);

        assertThat(store.fetch(NAME, "1")).isEqualTo(first);
        assertThat(store.fetchPmml(NAME, "1")).isEqualTo(ModelPmml.write(first));
    }

    @Test
    void shouldLetExactlyOneOfRacingPublishersWinAndKeepTheWinnersVersionIntact() throws Exception {
        int publishers = 6;
        List<ModelArtifact> candidates = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            candidates.add(TestModels.artifact(NAME, "7", i / 10.0));
        }
        CountDownLatch ready = new CountDownLatch(publishers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        List<Future<ModelArtifact>> results = new ArrayList<>();
        try {
            for (ModelArtifact candidate : candidates) {
                ModelStore own = open(); // each publisher its own store handle (own client), like separate CI jobs
                Callable<ModelArtifact> publish = () -> {
                    ready.countDown();
                    go.await();
                    own.publish(candidate);
                    return candidate;
                };
                results.add(pool.submit(publish));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all publishers ready").isTrue();
            go.countDown();

            List<ModelArtifact> winners = new ArrayList<>();
            List<Throwable> losers = new ArrayList<>();
            for (Future<ModelArtifact> result : results) {
                try {
                    winners.add(result.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    losers.add(e.getCause());
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(losers).hasSize(publishers - 1).allSatisfy(t -> assertThat(t)
                    .isInstanceOf(VersionExistsException.class)
                    .hasMessageContaining("turbine:7"));
            ModelArtifact winner = winners.get(0);
            assertThat(store.fetch(NAME, "7")).isEqualTo(winner);
            assertThat(store.fetchPmml(NAME, "7")).isEqualTo(ModelPmml.write(winner));
            assertThat(store.list(NAME)).singleElement().satisfies(v -> {
                assertThat(v.valid()).isTrue();
                assertThat(v.checksum()).isEqualTo(winner.checksum());
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldReportMissingVersionClearly() {
        assertThatThrownBy(() -> store.fetch(NAME, "404"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'turbine' version '404' not found")
                .hasMessageContaining("model list");
        assertThatThrownBy(() -> store.fetchPmml(NAME, "404")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void shouldRefuseInvalidNamesAndVersionsBeforeAnyIo() {
        for (String bad : List.of("a/b", "..", "a..b", "has space", "tab\t", "", "-dash", "../etc")) {
            assertThatThrownBy(() -> store.fetch(bad, "1"))
                    .as("name %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model name")
                    .hasMessageContaining("no '/', '..' or whitespace");
            assertThatThrownBy(() -> store.fetch(NAME, bad))
                    .as("version %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model version");
        }
        assertThatThrownBy(() -> store.promote(NAME, "1/../2", "me")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("a/b")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- verification ----------------------------------------------------------------------------------------

    @Test
    void shouldRefuseACorruptModelOnFetchListAndPromote() throws Exception {
        ModelArtifact model = TestModels.artifact(NAME, "1");
        store.publish(model);
        writeRaw("turbine/versions/1/model.json", TestModels.tampered(ModelJson.write(model)));

        assertThatThrownBy(() -> store.fetch(NAME, "1"))
                .isInstanceOf(ModelVerificationException.class)
                .hasMessageContaining("turbine/versions/1/model.json failed verification")
                .hasMessageContaining("checksum");
        assertThat(store.list(NAME)).singleElement().satisfies(v -> {
            assertThat(v.valid()).isFalse();
            assertThat(v.problem()).contains("failed verification");
        });
        assertThatThrownBy(() -> store.promote(NAME, "1", "me")).isInstanceOf(ModelVerificationException.class);
        assertThat(store.live(NAME)).isEmpty();
    }

    @Test
    void shouldRefuseTruncatedJsonAndAModelStoredUnderTheWrongVersion() throws Exception {
        store.publish(TestModels.artifact(NAME, "1"));
        byte[] json = ModelJson.write(TestModels.artifact(NAME, "1"));
        writeRaw("turbine/versions/1/model.json", java.util.Arrays.copyOf(json, json.length / 2));
        assertThatThrownBy(() -> store.fetch(NAME, "1")).isInstanceOf(ModelVerificationException.class);

        store.publish(TestModels.artifact(NAME, "2"));
        writeRaw("turbine/versions/2/model.json", ModelJson.write(TestModels.artifact(NAME, "3")));
        assertThatThrownBy(() -> store.fetch(NAME, "2"))
                .isInstanceOf(ModelVerificationException.class)
                .hasMessageContaining("holds turbine:3, not turbine:2");
    }

    // ---- promote, rollback, live -----------------------------------------------------------------------------

    @Test
    void shouldPromoteRollBackAndMarkTheLiveVersion() {
        for (String v : List.of("1", "2", "3")) {
            store.publish(TestModels.artifact(NAME, v, Double.parseDouble(v)));
        }

        LivePointer first = store.promote(NAME, "1", "alice");
        clock.advance(Duration.ofMinutes(1));
        store.promote(NAME, "2", "bob");
        clock.advance(Duration.ofMinutes(1));
        LivePointer third = store.promote(NAME, "3", "carol");

        assertThat(first.previous()).isEmpty();
        assertThat(third.version()).isEqualTo("3");
        assertThat(third.live().promotedBy()).isEqualTo("carol");
        assertThat(third.live().promotedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
        assertThat(third.live().action()).isEqualTo(LiveEntry.Action.PROMOTE);
        assertThat(third.checksum()).isEqualTo(TestModels.artifact(NAME, "3", 3).checksum());
        assertThat(third.previous()).extracting(LiveEntry::version).containsExactly("2", "1");
        assertThat(store.live(NAME)).hasValue(third);
        assertThat(store.list(NAME)).filteredOn(VersionSummary::live).extracting(VersionSummary::version)
                .containsExactly("3");

        clock.advance(Duration.ofMinutes(1));
        LivePointer back = store.rollback(NAME, "dave");
        assertThat(back.version()).isEqualTo("2");
        assertThat(back.live().action()).isEqualTo(LiveEntry.Action.ROLLBACK);
        assertThat(back.live().promotedBy()).isEqualTo("dave");
        assertThat(back.previous()).extracting(LiveEntry::version).containsExactly("1");
        assertThat(store.list(NAME)).filteredOn(VersionSummary::live).extracting(VersionSummary::version)
                .containsExactly("2");

        assertThat(store.rollback(NAME, "dave").version()).isEqualTo("1");
        assertThatThrownBy(() -> store.rollback(NAME, "dave"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("no earlier live version to roll back to (live: 1)");
        assertThat(store.live(NAME).orElseThrow().version()).isEqualTo("1");
    }

    @Test
    void shouldTreatPromotingTheLiveVersionAgainAsNoChange() {
        store.publish(TestModels.artifact(NAME, "1"));
        store.publish(TestModels.artifact(NAME, "2"));
        store.promote(NAME, "1", "alice");
        LivePointer second = store.promote(NAME, "2", "alice");

        clock.advance(Duration.ofHours(1));
        LivePointer again = store.promote(NAME, "2", "bob");

        assertThat(again).isEqualTo(second);
        assertThat(again.previous()).extracting(LiveEntry::version).containsExactly("1");
    }

    @Test
    void shouldRefuseToPromoteAMissingVersionOrRollBackWithoutLiveVersion() {
        assertThatThrownBy(() -> store.promote(NAME, "9", "me"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("version '9' not found");
        assertThatThrownBy(() -> store.rollback(NAME, "me"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("no live version")
                .hasMessageContaining("promote a version first");
        assertThatThrownBy(() -> store.fetchLive(NAME, null))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("has no live version");
        assertThat(store.live(NAME)).isEmpty();
    }

    @Test
    void shouldAnswerNotModifiedWithoutReadingTheModelWhileTheLiveVersionIsUnchanged() throws Exception {
        ModelArtifact one = TestModels.artifact(NAME, "1", 1);
        ModelArtifact two = TestModels.artifact(NAME, "2", 2);
        store.publish(one);
        store.publish(two);
        store.promote(NAME, "1", "ci");

        LiveFetch first = store.fetchLive(NAME, null);
        assertThat(first).isInstanceOfSatisfying(LiveFetch.Updated.class, u -> {
            assertThat(u.artifact()).isEqualTo(one);
            assertThat(u.pointer().version()).isEqualTo("1");
        });

        LiveFetch unchanged = open().fetchLive(NAME, first.tag());
        assertThat(unchanged).isEqualTo(new LiveFetch.NotModified(first.tag()));

        // Proof that the unchanged path reads no model: damage the live model, the poll still says "not modified"...
        writeRaw("turbine/versions/1/model.json", TestModels.tampered(ModelJson.write(one)));
        assertThat(store.fetchLive(NAME, first.tag())).isInstanceOf(LiveFetch.NotModified.class);
        // ...while a full fetch refuses it.
        assertThatThrownBy(() -> store.fetchLive(NAME, null)).isInstanceOf(ModelVerificationException.class);

        store.promote(NAME, "2", "ci");
        LiveFetch changed = store.fetchLive(NAME, first.tag());
        assertThat(changed).isInstanceOfSatisfying(LiveFetch.Updated.class, u -> {
            assertThat(u.artifact()).isEqualTo(two);
            assertThat(u.tag()).isNotEqualTo(first.tag());
        });
        assertThat(store.fetchLive(NAME, changed.tag())).isInstanceOf(LiveFetch.NotModified.class);
    }

    @Test
    void shouldRefuseALiveModelWhoseChecksumIsNotThePointers() throws Exception {
        store.publish(TestModels.artifact(NAME, "1", 1));
        store.promote(NAME, "1", "ci");
        // A valid artifact with the same name and version but other content, swapped in behind the store's back.
        writeRaw("turbine/versions/1/model.json", ModelJson.write(TestModels.artifact(NAME, "1", 5)));

        assertThatThrownBy(() -> store.fetchLive(NAME, null))
                .isInstanceOf(ModelVerificationException.class)
                .hasMessageContaining("expects checksum");
    }

    @Test
    void shouldRefuseADamagedPointer() throws Exception {
        store.publish(TestModels.artifact(NAME, "1"));
        store.promote(NAME, "1", "ci");
        writeRaw("turbine/live.json", "{\"pointerFormat\": 99}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.live(NAME))
                .isInstanceOf(ModelVerificationException.class)
                .hasMessageContaining("live pointer")
                .hasMessageContaining("unsupported pointerFormat");
        assertThatThrownBy(() -> store.fetchLive(NAME, null)).isInstanceOf(ModelVerificationException.class);
    }

    @Test
    void shouldKeepThePointerWholeWhenPromotersRace() throws Exception {
        for (String v : List.of("1", "2", "3", "4")) {
            store.publish(TestModels.artifact(NAME, v));
        }
        store.promote(NAME, "1", "seed");
        int promoters = 4;
        int rounds = 5;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(promoters);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int p = 0; p < promoters; p++) {
                String version = Integer.toString(p + 1);
                ModelStore own = open();
                results.add(pool.submit(() -> {
                    go.await();
                    int ok = 0;
                    for (int r = 0; r < rounds; r++) {
                        try {
                            own.promote(NAME, version, "promoter-" + version);
                            ok++;
                        } catch (ConcurrentUpdateException e) {
                            // allowed: the pointer kept changing; the caller is told to retry
                        }
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Whatever interleaving happened, readers see one whole pointer that verifies.
        LivePointer pointer = store.live(NAME).orElseThrow();
        assertThat(pointer.version()).isIn("1", "2", "3", "4");
        assertThat(store.fetchLive(NAME, null)).isInstanceOfSatisfying(LiveFetch.Updated.class,
                u -> assertThat(u.artifact().version()).isEqualTo(pointer.version()));
        assertThat(pointer.previous()).allSatisfy(e -> assertThat(e.version()).isIn("1", "2", "3", "4"));
    }

    // ---- signed models -------------------------------------------------------------------------------------

    private static final KeyPair CI_KEY = ModelSigner.generateKeyPair();
    private static final KeyPair ROGUE_KEY = ModelSigner.generateKeyPair();

    private ModelStore openTrusting(KeyPair... keys) {
        List<PublicKey> trusted = new ArrayList<>();
        for (KeyPair k : keys) {
            trusted.add(k.getPublic());
        }
        ModelStore s = openStore(StoreOptions.defaults().withClock(clock).withTrustedKeys(TrustedKeys.of(trusted)));
        opened.add(s);
        return s;
    }

    @Test
    void shouldStoreTheSignatureBesideASignedVersion() throws Exception {
        ModelArtifact model = TestModels.artifact(NAME, "1");
        ModelSignature signature = ModelSigner.of(CI_KEY).sign(model);

        store.publish(model, signature);

        assertThat(store.fetchSignature(NAME, "1")).hasValue(signature);
        assertThat(readRaw("turbine/versions/1/model.sig")).hasValue(signature.toJson());
        store.publish(TestModels.artifact(NAME, "2"));
        assertThat(store.fetchSignature(NAME, "2")).isEmpty();
        assertThatThrownBy(() -> store.fetchSignature(NAME, "9")).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> store.publish(TestModels.artifact(NAME, "3"), signature))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sign this artifact");
    }

    @Test
    void shouldServeOnlyModelsSignedByATrustedKeyWhenKeysAreGiven() {
        store.publish(TestModels.artifact(NAME, "signed"), ModelSigner.of(CI_KEY).sign(TestModels.artifact(NAME, "signed")));
        store.publish(TestModels.artifact(NAME, "unsigned"));
        store.publish(TestModels.artifact(NAME, "rogue"), ModelSigner.of(ROGUE_KEY).sign(TestModels.artifact(NAME, "rogue")));
        ModelStore trusting = openTrusting(CI_KEY);

        assertThat(trusting.fetch(NAME, "signed")).isEqualTo(TestModels.artifact(NAME, "signed"));
        assertThatThrownBy(() -> trusting.fetch(NAME, "unsigned"))
                .isInstanceOf(ModelVerificationException.class).hasMessageContaining("is not signed");
        assertThatThrownBy(() -> trusting.fetch(NAME, "rogue"))
                .isInstanceOf(ModelVerificationException.class).hasMessageContaining("not trusted");
        assertThatThrownBy(() -> trusting.promote(NAME, "unsigned", "ci"))
                .isInstanceOf(ModelVerificationException.class);

        // A store that requires no signatures serves all three.
        assertThat(store.fetch(NAME, "unsigned").version()).isEqualTo("unsigned");
        // Key rotation: trusting both keys accepts both signatures.
        assertThat(openTrusting(CI_KEY, ROGUE_KEY).fetch(NAME, "rogue").version()).isEqualTo("rogue");
    }

    @Test
    void shouldRefuseALiveModelWhoseSignatureWasTamperedWith() throws Exception {
        ModelArtifact model = TestModels.artifact(NAME, "1");
        store.publish(model, ModelSigner.of(CI_KEY).sign(model));
        store.promote(NAME, "1", "ci");
        ModelStore trusting = openTrusting(CI_KEY);
        assertThat(trusting.fetchLive(NAME, null)).isInstanceOf(LiveFetch.Updated.class);

        // Someone swaps in a signature by another key for the same artifact.
        writeRaw("turbine/versions/1/model.sig", ModelSigner.of(ROGUE_KEY).sign(model).toJson());
        assertThatThrownBy(() -> trusting.fetchLive(NAME, null))
                .isInstanceOf(ModelVerificationException.class).hasMessageContaining("not trusted");

        writeRaw("turbine/versions/1/model.sig", "{\"signatureFormat\":1".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> trusting.fetch(NAME, "1"))
                .isInstanceOf(ModelVerificationException.class).hasMessageContaining("damaged");
    }

    // ---- audit trail -----------------------------------------------------------------------------------------

    static AuditRecord auditRecord(String version, AuditRecord.Decision decision, String by, Instant at) {
        return new AuditRecord(NAME, version, "sha256:" + version, decision, by, at, "auc>=0.97", 0.005,
                Map.of("auc", 0.99, "accuracy", 0.95), NAME + ":0", Map.of("auc", 0.98), NAME + ":" + version,
                List.of("auc>=0.97: ok (0.990000)"), "ed25519:0123456789abcdef", "s3a://data/train");
    }

    @Test
    void shouldAppendAuditRecordsBesideTheModelAndReadThemBackOldestFirst() {
        store.publish(TestModels.artifact(NAME, "1"));
        AuditRecord later = auditRecord("2", AuditRecord.Decision.REFUSED, "ci", START.plusSeconds(60));
        AuditRecord earlier = auditRecord("1", AuditRecord.Decision.PROMOTED, "ci", START.plusMillis(7));

        String where = store.appendAudit(later);
        store.appendAudit(earlier);

        assertThat(where).isEqualTo(expectedLocation() + "/turbine/audit/20260301T100100.000Z-2.json");
        assertThat(open().audit(NAME)).containsExactly(earlier, later);
        assertThat(store.audit("other")).isEmpty();
        // The trail is no version: listing and names are as without it.
        assertThat(store.list(NAME)).extracting(VersionSummary::version).containsExactly("1");
        assertThat(store.names()).containsExactly(NAME);
    }

    @Test
    void shouldNeverOverwriteAnAuditRecordButTakeTheNextName() {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < AbstractModelStore.AUDIT_ATTEMPTS; i++) {
            written.add(store.appendAudit(auditRecord("1", AuditRecord.Decision.PROMOTED, "run-" + i, START)));
        }

        assertThat(written.get(0)).endsWith("/turbine/audit/20260301T100000.000Z-1.json");
        assertThat(written.get(1)).endsWith("/turbine/audit/20260301T100000.000Z-1-1.json");
        assertThat(written).doesNotHaveDuplicates();
        assertThat(store.audit(NAME)).extracting(AuditRecord::by)
                .containsExactly("run-0", "run-1", "run-2", "run-3", "run-4", "run-5", "run-6", "run-7", "run-8",
                        "run-9");
        assertThatThrownBy(() -> store.appendAudit(auditRecord("1", AuditRecord.Decision.PROMOTED, "late", START)))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("10 records of that version in the same millisecond");
        assertThat(store.audit(NAME)).hasSize(AbstractModelStore.AUDIT_ATTEMPTS);
    }

    @Test
    void shouldKeepEveryRecordWhenWritersRace() throws Exception {
        int writers = 5;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                AuditRecord record = auditRecord("1", AuditRecord.Decision.PROMOTED, "writer-" + i, START);
                ModelStore own = open();
                results.add(pool.submit(() -> {
                    go.await();
                    return own.appendAudit(record);
                }));
            }
            go.countDown();
            List<String> where = new ArrayList<>();
            for (Future<String> f : results) {
                where.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(where).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.audit(NAME)).extracting(AuditRecord::by).containsExactlyInAnyOrder("writer-0", "writer-1",
                "writer-2", "writer-3", "writer-4");
    }

    @Test
    void shouldReadRecordsRetrainWroteThroughHadoopAndSkipOtherFiles() throws Exception {
        // As training-spark's AuditLog wrote them (Jackson, indented) before the store kept the trail.
        String legacy = """
                {
                  "auditFormat" : 1,
                  "name" : "turbine",
                  "version" : "3",
                  "checksum" : "sha256:abc",
                  "decision" : "FAILED",
                  "by" : "retrain-cronjob",
                  "at" : "2026-11-25T02:31:07.113Z",
                  "gate" : "auc>=0.97",
                  "maxRegression" : 0.005,
                  "metrics" : {
                    "accuracy" : 0.69,
                    "auc" : 0.74
                  },
                  "liveBefore" : null,
                  "liveMetrics" : { },
                  "liveAfter" : null,
                  "reasons" : [ "cannot publish turbine:3: disk full" ],
                  "signedBy" : null,
                  "dataUri" : "s3a://iotstream-data/dev/train"
                }
                """;
        writeRaw("turbine/audit/20261125T023107.113Z-3.json", legacy.getBytes(StandardCharsets.UTF_8));
        writeRaw("turbine/audit/.20261125T023107.113Z-3.json.crc", new byte[] {1, 2, 3});
        writeRaw("turbine/audit/notes.txt", "not a record".getBytes(StandardCharsets.UTF_8));

        assertThat(store.audit(NAME)).singleElement().isEqualTo(new AuditRecord(NAME, "3", "sha256:abc",
                AuditRecord.Decision.FAILED, "retrain-cronjob", Instant.parse("2026-11-25T02:31:07.113Z"),
                "auc>=0.97", 0.005, Map.of("accuracy", 0.69, "auc", 0.74), null, Map.of(), null,
                List.of("cannot publish turbine:3: disk full"), null, "s3a://iotstream-data/dev/train"));
    }

    @Test
    void shouldRefuseADamagedAuditRecordNamingIt() throws Exception {
        store.appendAudit(auditRecord("1", AuditRecord.Decision.PROMOTED, "ci", START));
        writeRaw("turbine/audit/20260301T100001.000Z-2.json",
                "{\"auditFormat\" : 2, \"name\" : \"turbine\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.audit(NAME))
                .isInstanceOf(ModelVerificationException.class)
                .hasMessageContaining("turbine/audit/20260301T100001.000Z-2.json is damaged")
                .hasMessageContaining("unsupported auditFormat 2");
        assertThatThrownBy(() -> store.audit("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.appendAudit(auditRecord("1/../2", AuditRecord.Decision.PROMOTED, "ci",
                START))).isInstanceOf(IllegalArgumentException.class);
    }
}
