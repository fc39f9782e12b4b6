package io.iotstream.scoring.metrics;

import io.iotstream.schemas.AlertKind;
import io.iotstream.scoring.errors.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scorer's own meters, registered once on a Micrometer registry (Prometheus in production, in memory in
 * tests). Names as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code iotstream_events_total{type=reading|frame}}: records scored (their rate is events/s);
 *   <li>{@code iotstream_end_markers_total}: end-of-stream markers (sensor -1), ignored;
 *   <li>{@code iotstream_alerts_total{kind}}: alerts sent (rate: alerts/s);
 *   <li>{@code iotstream_records_in_error_total{reason}}: records sent to the dead-letter topic;
 *   <li>{@code iotstream_readings_late_total}: interval mode, records whose interval had already been scored,
 *       scored with the oldest interval still open;
 *   <li>{@code iotstream_device_resets_total{reason=feature-count}}: devices whose values were reset because the
 *       model serving has another number of features than their stored vector (their attention is cleared
 *       without a RECOVERY alert);
 *   <li>{@code iotstream_devices_attention}: devices of this instance's tasks whose last committed decision was
 *       "attention needed", counted from the restored state when a task arrives;
 *   <li>{@code iotstream_schema_registry_available}: 0 while a stream thread waits for an unreachable schema
 *       registry (records are retried, never dead-lettered for it), else 1;
 *   <li>{@code iotstream_scoring_pass_seconds}: time to score the devices of one interval;
 *   <li>{@code iotstream_event_to_alert_seconds}: from the newest reading's event time to the alert (p50, p99);
 *   <li>{@code iotstream_model_info{name,version}}: 1 for the model serving; {@code iotstream_model_swaps_total},
 *       {@code iotstream_model_refusals_total{reason}}, {@code iotstream_model_fetch_failures_total};
 *   <li>{@code iotstream_model_store_reads_total}: reads of the model store (start, polls, model events);
 *   <li>{@code iotstream_model_swaps_ready}: 1 while the model store answers, so a new version can be swapped in;
 *       0 while it is unreachable (the last good model keeps serving, but no new one can arrive) or before its
 *       first answer;
 *   <li>{@code iotstream_frames_labelled_total{outcome=tp|fp|tn|fn}}: the live confusion matrix of labelled frames.
 * </ul>
 *
 * <p>Counters count committed work only: processors count in plain fields and add their counts here once the
 * transaction (or, at-least-once, the offsets commit) that holds the work has committed; work of an aborted
 * transaction, redone after a restart, is counted once. The timers are the exception: they time every attempt.
 * Thread-safe.
 */
public final class ScoringMetrics {

    /**
     * Key under which the Kafka Streams configuration carries this object to the exception handlers, which Kafka
     * Streams creates by class name.
     */
    public static final String CONFIG_KEY = "iotstream.scoring.metrics";

    private final MeterRegistry registry;
    private final Counter readings;
    private final Counter frames;
    private final Counter endMarkers;
    private final EnumMap<AlertKind, Counter> alerts = new EnumMap<>(AlertKind.class);
    private final EnumMap<DeadLetterReason, Counter> errors = new EnumMap<>(DeadLetterReason.class);
    private final AtomicLong devicesAttention = new AtomicLong();
    private final Counter late;
    private final Counter modelStoreReads;
    private final Counter featureCountResets;
    private final AtomicLong registryAvailable = new AtomicLong(1);
    private volatile String registryOutage;
    private final Timer scoringPass;
    private final Timer eventToAlert;
    private final Counter modelSwaps;
    private final Counter modelFetchFailures;
    private final AtomicLong modelSwapsReady = new AtomicLong();
    private final Map<String, Counter> modelRefusals = new ConcurrentHashMap<>();
    private final MultiGauge modelInfo;
    private final EnumMap<Outcome, Counter> labelled = new EnumMap<>(Outcome.class);

    /** Outcome of a labelled frame: the model's decision against the label. */
    public enum Outcome {
        TP, FP, TN, FN;

        public static Outcome of(boolean predicted, boolean actual) {
            if (predicted) {
                return actual ? TP : FP;
            }
            return actual ? FN : TN;
        }
    }

    public ScoringMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        readings = Counter.builder("iotstream.events").tag("type", "reading")
                .description("Records scored").register(registry);
        frames = Counter.builder("iotstream.events").tag("type", "frame")
                .description("Records scored").register(registry);
        endMarkers = Counter.builder("iotstream.end.markers")
                .description("End-of-stream markers (negative sensor numbers), ignored").register(registry);
        for (AlertKind kind : AlertKind.values()) {
            if (kind != AlertKind.UNKNOWN) {
                alerts.put(kind, Counter.builder("iotstream.alerts").tag("kind", kind.name())
                        .description("Alerts sent").register(registry));
            }
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            errors.put(reason, Counter.builder("iotstream.records.in.error").tag("reason", reason.code())
                    .description("Records sent to the dead-letter topic").register(registry));
        }
        modelStoreReads = Counter.builder("iotstream.model.store.reads")
                .description("Reads of the model store (start, polls, model events), answered or not")
                .register(registry);
        late = Counter.builder("iotstream.readings.late")
                .description("Records whose scoring interval had already been scored (interval mode)")
                .register(registry);
        featureCountResets = Counter.builder("iotstream.device.resets").tag("reason", "feature-count")
                .description("Devices reset because the model has another number of features than their state")
                .register(registry);
        Gauge.builder("iotstream.schema.registry.available", registryAvailable, AtomicLong::get)
                .description("0 while records wait for an unreachable schema registry, else 1").register(registry);
        Gauge.builder("iotstream.devices.attention", devicesAttention, AtomicLong::get)
                .description("Devices whose last decision was 'attention needed'").register(registry);
        scoringPass = Timer.builder("iotstream.scoring.pass")
                .description("Time to score the devices that received events in one interval")
                .publishPercentiles(0.5, 0.99).register(registry);
        eventToAlert = Timer.builder("iotstream.event.to.alert")
                .description("From the event time of the newest reading in a score to the alert it produced")
                .publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        modelSwaps = Counter.builder("iotstream.model.swaps")
                .description("Models swapped in while running").register(registry);
        modelFetchFailures = Counter.builder("iotstream.model.fetch.failures")
                .description("Failed attempts to read the model store").register(registry);
        Gauge.builder("iotstream.model.swaps.ready", modelSwapsReady, AtomicLong::get)
                .description("1 while the model store answers (a new version can be swapped in), 0 while it does "
                        + "not (the last good model keeps serving)").register(registry);
        modelInfo = MultiGauge.builder("iotstream.model.info")
                .description("1 for the model that is serving").register(registry);
        for (Outcome outcome : Outcome.values()) {
            labelled.put(outcome, Counter.builder("iotstream.frames.labelled")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Labelled frames by the model's decision against the label (confusion matrix)")
                    .register(registry));
        }
    }

    /** Meters in memory only, for tests and tools. */
    public static ScoringMetrics inMemory() {
        return new ScoringMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void addEvents(long readingCount, long frameCount, long endMarkerCount) {
        if (readingCount > 0) {
            readings.increment(readingCount);
        }
        if (frameCount > 0) {
            frames.increment(frameCount);
        }
        if (endMarkerCount > 0) {
            endMarkers.increment(endMarkerCount);
        }
    }

    public void addAlerts(AlertKind kind, long count) {
        if (count > 0) {
            alerts.get(kind).increment(count);
        }
    }

    public void recordError(DeadLetterReason reason) {
        errors.get(reason).increment();
    }

    public void addErrors(DeadLetterReason reason, long count) {
        if (count > 0) {
            errors.get(reason).increment(count);
        }
    }

    public void addLate(long count) {
        if (count > 0) {
            late.increment(count);
        }
    }

    public void addFeatureCountResets(long count) {
        if (count > 0) {
            featureCountResets.increment(count);
        }
    }

    /** A stream thread waits for the schema registry, which cannot answer: {@code why}. */
    public void schemaRegistryUnavailable(String why) {
        registryOutage = why;
        registryAvailable.set(0);
    }

    /** The schema registry answered again. */
    public void schemaRegistryAvailable() {
        registryOutage = null;
        registryAvailable.set(1);
    }

    /** Why records wait for the schema registry, or null when they do not. */
    public String schemaRegistryOutage() {
        return registryOutage;
    }

    public long late() {
        return (long) late.count();
    }

    public long featureCountResets() {
        return (long) featureCountResets.count();
    }

    public void addDevicesAttention(long delta) {
        devicesAttention.addAndGet(delta);
    }

    public void recordScoringPass(long nanos) {
        scoringPass.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordEventToAlert(long millis) {
        eventToAlert.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void addLabelled(Outcome outcome, long count) {
        if (count > 0) {
            labelled.get(outcome).increment(count);
        }
    }

    public void modelServing(String name, String version) {
        modelInfo.register(List.of(MultiGauge.Row.of(Tags.of("name", name, "version", version), 1)), true);
    }

    public void modelSwapped() {
        modelSwaps.increment();
    }

    public void modelRefused(String reason) {
        modelRefusals.computeIfAbsent(reason, r -> Counter.builder("iotstream.model.refusals").tag("reason", r)
                .description("Candidate models refused").register(registry)).increment();
    }

    public void modelStoreRead() {
        modelStoreReads.increment();
    }

    public long modelStoreReads() {
        return (long) modelStoreReads.count();
    }

    public void modelFetchFailed() {
        modelFetchFailures.increment();
    }

    /** Whether the model store answered at the last read: new versions can (true) or cannot (false) arrive. */
    public void modelSwapsReady(boolean ready) {
        modelSwapsReady.set(ready ? 1 : 0);
    }

    // Read access, for the interval log line and tests.

    public long readings() {
        return (long) readings.count();
    }

    public long frames() {
        return (long) frames.count();
    }

    public long endMarkers() {
        return (long) endMarkers.count();
    }

    public long alerts(AlertKind kind) {
        Counter c = alerts.get(kind);
        return c == null ? 0 : (long) c.count();
    }

    public long alerts() {
        return alerts.values().stream().mapToLong(c -> (long) c.count()).sum();
    }

    public long errors(DeadLetterReason reason) {
        return (long) errors.get(reason).count();
    }

    public long errors() {
        return errors.values().stream().mapToLong(c -> (long) c.count()).sum();
    }

    public long devicesAttention() {
        return devicesAttention.get();
    }

    public long modelSwaps() {
        return (long) modelSwaps.count();
    }

    public long modelRefusals() {
        return modelRefusals.values().stream().mapToLong(c -> (long) c.count()).sum();
    }

    public long modelFetchFailures() {
        return (long) modelFetchFailures.count();
    }

    public boolean modelSwapsReady() {
        return modelSwapsReady.get() == 1;
    }

    public long labelled(Outcome outcome) {
        return (long) labelled.get(outcome).count();
    }

    public Timer eventToAlert() {
        return eventToAlert;
    }
}
