package io.iotstream.scoring.model;

import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.model.FeatureSpec;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.SignatureException;
import io.iotstream.model.store.LiveFetch;
import io.iotstream.model.store.ModelNotFoundException;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelVerificationException;
import io.iotstream.scoring.metrics.ScoringMetrics;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model the scorer serves, swapped live: one volatile reference that scoring reads once per record, so a swap
 * lands between two records, never inside one.
 *
 * <p>Candidates come from the model store ({@link #refresh}, called at start, by the poller and on model events).
 * Each is checked before it serves: the store verifies the artifact's checksum (and the live pointer's), and this
 * class checks that its features are the sensor layout {@code s1..sn} with the expected count (a running scorer
 * cannot change its vector length). A bad or unreachable model is refused, counted and logged once per candidate
 * (however often a poll sees it again), and the last good one keeps serving. With no model at all,
 * {@link #notReadyReason()} says why.
 *
 * <p>Thread-safe: reads are lock-free, refreshes are serialized.
 */
public final class ModelHolder {

    /** Key under which the Kafka Streams configuration carries the holder to the exception handlers. */
    public static final String CONFIG_KEY = "iotstream.scoring.models";

    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

    private final ModelRef ref;
    private final ModelStore store;
    private final int expectedFeatures;
    private final ScoringMetrics metrics;
    private final Clock clock;
    private final ScorerFactory scorers;

    private volatile LiveModel current;
    private volatile String problem = "no model loaded yet";
    /** The live pointer's tag at the last answer, refused or not: an unchanged pointer is not fetched again. */
    private String tag;
    /** The version the live pointer named at the last successful read, or null. */
    private volatile String pointerVersion;
    /** Checksums already refused and logged, so a poll that sees the same bad model does not log it again. */
    private final Set<String> refused = new HashSet<>();
    private boolean storeFailing;

    /**
     * @param ref which model to serve
     * @param store the store {@code ref} points into (not closed by this class)
     * @param expectedFeatures the feature count every model must have, or 0 to take the first model's
     */
    public ModelHolder(ModelRef ref, ModelStore store, int expectedFeatures, ScoringMetrics metrics, Clock clock) {
        this(ref, store, expectedFeatures, metrics, clock, ScorerFactory.INCREMENTAL);
    }

    /**
     * @param scorers what scores each model that serves ({@link ScorerFactory#INCREMENTAL} unless benchmarking
     *     another evaluator)
     */
    public ModelHolder(ModelRef ref, ModelStore store, int expectedFeatures, ScoringMetrics metrics, Clock clock,
            ScorerFactory scorers) {
        this.scorers = Objects.requireNonNull(scorers, "scorers");
        this.ref = Objects.requireNonNull(ref, "ref");
        this.store = Objects.requireNonNull(store, "store");
        if (expectedFeatures < 0) {
            throw new IllegalArgumentException("expectedFeatures is " + expectedFeatures + ": use 0 or more");
        }
        this.expectedFeatures = expectedFeatures;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ModelRef ref() {
        return ref;
    }

    /** The model serving now, or null before the first one loaded. */
    public LiveModel current() {
        return current;
    }

    /** {@code name:version} of the model serving now, or null. */
    public String currentId() {
        LiveModel m = current;
        return m == null ? null : m.id();
    }

    /** Why the scorer cannot serve, if it has no model; empty once one is loaded. */
    public Optional<String> notReadyReason() {
        return current == null ? Optional.of(problem) : Optional.empty();
    }

    /**
     * Reads the store and swaps in the model it names if it changed and passes the checks. For a pinned version,
     * loads it once. Never throws for store or model problems: they are counted, logged once and kept for
     * {@link #notReadyReason()}.
     *
     * @param trigger what asked, for the log (e.g. "start", "poll", "model event 2026.03.2")
     * @return true if a new model now serves
     */
    public synchronized boolean refresh(String trigger) {
        ModelArtifact candidate;
        metrics.modelStoreRead();
        try {
            if (ref.pinned()) {
                if (current != null) {
                    return false;
                }
                candidate = store.fetch(ref.name(), ref.version());
            } else {
                LiveFetch fetched = store.fetchLive(ref.name(), tag);
                tag = fetched.tag();
                if (fetched instanceof LiveFetch.NotModified) {
                    storeRecovered();
                    return false;
                }
                LiveFetch.Updated updated = (LiveFetch.Updated) fetched;
                pointerVersion = updated.pointer().version();
                candidate = updated.artifact();
            }
        } catch (ModelNotFoundException e) {
            storeFailed(ref.pinned()
                    ? "model " + ref.name() + ":" + ref.version() + " is not in " + ref.store() + ": publish it, or fix "
                            + "model.uri"
                    : "model " + ref.name() + " has no live version in " + ref.store() + ": promote one (model promote)",
                    e);
            // The store answered: a version promoted now would be picked up.
            metrics.modelSwapsReady(true);
            return false;
        } catch (ModelVerificationException e) {
            pointerVersion = null;
            storeRecovered();
            String message = "refused the model " + ref + " from " + trigger + ": " + e.getMessage();
            // The store refused before returning the pointer's tag, so every poll fetches this candidate again:
            // count and log it once, not once per poll.
            if (refused.add("verification:" + e.getMessage())) {
                metrics.modelRefused(refusalReason(e));
                LOG.warn("{}; {}", message, servingNote());
            }
            problem = message;
            return false;
        } catch (RuntimeException e) {
            storeFailed("cannot read the model store " + ref.store() + ": " + e.getMessage(), e);
            return false;
        }
        storeRecovered();
        return offer(candidate, trigger);
    }

    /** Reacts to a model event: re-reads the live pointer if the event is about this model. */
    public void onEvent(ModelEvent event) {
        if (!event.name().equals(ref.name()) || ref.pinned()) {
            return;
        }
        refresh("model event " + event.version());
        String live = pointerVersion;
        if (live != null && !live.equals(event.version())
                && refused.add("event:" + event.version() + ":" + event.checksum())) {
            LOG.info("A model event says {}:{} is live, but the live pointer in {} names {}: the pointer wins "
                    + "(promote before announcing)", event.name(), event.version(), ref.store(), live);
        }
    }

    /**
     * Swaps {@code candidate} in if it passes the checks and differs from the model serving.
     *
     * @return true if it now serves
     */
    public synchronized boolean offer(ModelArtifact candidate, String trigger) {
        Objects.requireNonNull(candidate, "candidate");
        LiveModel before = current;
        if (before != null && before.artifact().checksum().equals(candidate.checksum())) {
            return false;
        }
        Optional<String> refusal = check(candidate, before);
        LiveModel next = null;
        if (refusal.isEmpty()) {
            try {
                next = LiveModel.of(candidate, scorers, clock.instant());
            } catch (RuntimeException e) {
                refusal = Optional.of("scorer: its scorer could not be built: " + e);
            }
        }
        if (refusal.isPresent()) {
            String message = "refused model " + candidate.id() + " (" + candidate.checksum() + ") from " + trigger
                    + ": " + refusal.get();
            if (refused.add(candidate.checksum())) {
                metrics.modelRefused(refusal.get().substring(0, refusal.get().indexOf(':')));
                LOG.warn("{}; {}", message, servingNote());
            }
            problem = message;
            return false;
        }
        current = next;
        problem = "";
        metrics.modelServing(candidate.name(), candidate.version());
        if (before != null) {
            metrics.modelSwapped();
        }
        LOG.info("Serving model {} ({} features, threshold {}, {}) from {} [{}]{}", candidate.id(),
                candidate.features().count(), candidate.threshold(), candidate.checksum(), ref.store(), trigger,
                before == null ? "" : "; was " + before.id());
        return true;
    }

    private Optional<String> check(ModelArtifact candidate, LiveModel serving) {
        if (!candidate.name().equals(ref.name())) {
            return Optional.of("name: it is model " + candidate.name() + ", but this scorer serves " + ref.name());
        }
        int n = candidate.features().count();
        int want = expectedFeatures > 0 ? expectedFeatures : serving != null ? serving.featureCount() : n;
        if (n != want) {
            return Optional.of("feature-count: it has " + n + " features, but this scorer scores " + want
                    + " sensors (model.features, or the first model's count); a running scorer cannot change its "
                    + "vector length: restart it with the new model");
        }
        List<String> names = candidate.features().names();
        for (int i = 0; i < n; i++) {
            if (!names.get(i).equals(FeatureSpec.sensorName(i + 1))) {
                return Optional.of("feature-layout: feature " + i + " is '" + names.get(i) + "', not '"
                        + FeatureSpec.sensorName(i + 1) + "': the scorer maps sensor k to feature s<k> "
                        + "(FeatureSpec.sensors(n)); retrain on that layout");
            }
        }
        double[] w = candidate.weights();
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                return Optional.of("not-finite: weight " + i + " is " + w[i]);
            }
        }
        if (!Double.isFinite(candidate.intercept())) {
            return Optional.of("not-finite: the intercept is " + candidate.intercept());
        }
        return Optional.empty();
    }

    /**
     * The metric's reason for a candidate the store refused: {@code signature} (unsigned, untrusted key, or a
     * signature that does not verify), {@code invalid-artifact} (checksum mismatch, damaged or truncated JSON,
     * non-finite numbers, unknown format), else {@code verification} (e.g. the pointer's checksum differs).
     */
    private static String refusalReason(ModelVerificationException e) {
        if (e.getCause() instanceof SignatureException) {
            return "signature";
        }
        if (e.getCause() instanceof InvalidModelException) {
            return "invalid-artifact";
        }
        return "verification";
    }

    private void storeFailed(String message, RuntimeException e) {
        metrics.modelFetchFailed();
        metrics.modelSwapsReady(false);
        problem = message;
        if (!storeFailing) {
            storeFailing = true;
            LOG.warn("{}; {} (logged once until the store answers again)", message, servingNote());
            LOG.debug("Model store failure", e);
        }
    }

    private void storeRecovered() {
        metrics.modelSwapsReady(true);
        if (storeFailing) {
            storeFailing = false;
            LOG.info("Model store {} answers again", ref.store());
        }
    }

    private String servingNote() {
        LiveModel m = current;
        return m == null ? "no model serves yet" : "still serving " + m.id();
    }
}
