package io.iotstream.scoring.processor.internal;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.registry.SchemaRegistryUnavailableException;
import io.iotstream.scoring.errors.DeadLetterReason;
import io.iotstream.scoring.errors.InvalidRecordException;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.LiveModel;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.model.ScorerFactory;
import io.iotstream.scoring.policy.AlertPolicy;
import io.iotstream.scoring.processor.Cadence;
import io.iotstream.scoring.processor.Emit;
import io.iotstream.scoring.processor.ScoringRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each device's sensor vector and scores it: the scorer's one processor.
 *
 * <p>Input: {@link SensorReading}s (one sensor of one device) and {@link SensorFrame}s (a whole vector; labelled
 * frames also feed the live confusion matrix), as undecoded bytes ({@code byte[]} for readings, {@link FrameBytes}
 * for frames) which this processor decodes itself: a record that does not decode is then refused like any other
 * bad record, through the processing exception handler, whose dead letters Kafka Streams 4.4 writes in the
 * task's transaction, and without Kafka Streams' per-record WARN with a stack trace. The device is the record's
 * {@code deviceId}, and the Kafka key must be that id (UTF-8): a record keyed otherwise could sit on another
 * partition than its device's other records, so in another task with a second state, and is refused. A reading
 * sets one sensor, the others keep their latest value (the model's neutral value until first seen), and the
 * device's margin is updated in O(1). Sensor -1 is the original benchmark's end-of-stream marker: counted and
 * ignored.
 *
 * <p>Scoring, {@link Cadence#EVENT} mode: every event is scored. {@link Cadence#INTERVAL} mode: intervals follow
 * event time, so that the same input gives the same alerts whether it is processed live or as a backlog after a
 * restart or a lag. The intervals are the multiples of {@code interval} in event time; a device's readings of one
 * interval are scored once, when the first of these happens:
 * <ol>
 *   <li>the device receives a reading of a later interval (its vector is scored before that reading is applied);
 *   <li>the task's stream time (the newest event time among its records) passes the interval's end plus
 *       {@code grace};
 *   <li>the task's input has been silent for {@code idleClose} (wall clock): every open interval is scored.
 * </ol>
 * A reading of an interval already passed by rule 2 is late: it is applied and scored with the oldest interval
 * still open. The interval a device's score is due for is part of its stored state, so a graceful stop, a crash or
 * a task move does not drop it: the next owner scores it by the same rules.
 *
 * <p>A score becomes an {@link Alert} as the {@link AlertPolicy} decides: by default on a change of decision
 * ({@code ATTENTION}, {@code RECOVERY}) or, with {@link Emit#ALL}, always ({@code STATUS}). The model is read once per record from the {@link ModelHolder}, so a
 * model swap lands between two records; devices rebind their margin to the new model on their next use.
 *
 * <p>Records that cannot be scored throw {@link InvalidRecordException}, leaving the device's values as they were;
 * the processing exception handler sends them to the dead-letter topic. An unreachable schema registry is not the
 * record's fault: the record waits for it ({@code registryWait}), then the stream thread restarts its tasks from
 * their last commit, without committing, to try again.
 *
 * <p>Counts reach the {@link ScoringMetrics} only once the work they count is committed (see {@link Tally}).
 */
public final class DeviceScoringProcessor extends ContextualProcessor<Object, Object, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceScoringProcessor.class);
    private static final AlertKind[] KINDS = AlertKind.values();
    private static final DeadLetterReason[] REASONS = DeadLetterReason.values();
    private static final ScoringMetrics.Outcome[] OUTCOMES = ScoringMetrics.Outcome.values();
    /** The original benchmark's end-of-stream marker: the only sensor number below 1 that is not an error. */
    private static final int END_MARKER = -1;
    /** First pause between attempts to reach the schema registry; doubled up to {@link #REGISTRY_BACKOFF_MAX_MS}. */
    private static final long REGISTRY_BACKOFF_MS = 100;
    private static final long REGISTRY_BACKOFF_MAX_MS = 2_000;

    private final String storeName;
    private final ScoringRules rules;
    private final ModelHolder models;
    private final ScoringMetrics metrics;
    private final Decoders decoders;
    private final AlertPolicy policy;
    private final boolean intervals;
    private final long intervalMs;
    private final long graceMs;
    /**
     * {@code rules.valueMin()}, {@code rules.valueMax()}, or the largest finite doubles when unset: one check
     * {@code v >= valueMin && v <= valueMax} then refuses NaN and the infinities too.
     */
    private final double valueMin;
    private final double valueMax;
    private DeviceStateStore store;
    private AlertBuilder alerts;
    private Cancellable punctuation;
    /** The vector handed to a {@link io.iotstream.scoring.model.ScorerFactory.VectorScorer}, reused. */
    private double[] scratch = new double[0];
    /** Decoded fields of the current reading, reused for every record. */
    private final SensorReadingDecoder.Reading reading = new SensorReadingDecoder.Reading();

    /** Interval mode: devices with a score due, by the end of their interval; stale entries are skipped. */
    private final TreeMap<Long, ArrayList<DeviceState>> due = new TreeMap<>();
    /** The newest event time among the task's records (restored from its devices at start). */
    private long streamTime = Long.MIN_VALUE;
    /** Intervals ending at or before this are scored: stream time minus the grace. */
    private long closedUpTo = Long.MIN_VALUE;
    /** Whether a record arrived since the last punctuation, and the last punctuation that saw one: the idle close. */
    private boolean active;
    private long activeAt;
    /** The interval of the last record's event time, [start, end): most records fall in the one before them. */
    private long lastIntervalStart = Long.MAX_VALUE;
    private long lastIntervalEnd = Long.MIN_VALUE;

    private Tally current = new Tally();
    private Tally prepared = new Tally();
    /** Devices in attention that this processor has added to the gauge. */
    private long attentionPublished;
    private boolean closed;
    private boolean resetLogged;

    /**
     * How values are decoded: a thread-safe deserializer per input, shared by all instances of the processor.
     *
     * @param readingsTopic the readings topic, for messages
     * @param framesTopic the frames topic, for messages
     */
    public record Decoders(String readingsTopic, SensorReadingDecoder readings, String framesTopic,
            Deserializer<SensorFrame> frames) {
        public Decoders {
            Objects.requireNonNull(readings, "readings");
            Objects.requireNonNull(frames, "frames");
        }
    }

    /**
     * Work counted since the last commit ({@code current}) or awaiting the outcome of a commit ({@code prepared}).
     * Kafka Streams gives a processor no "committed" callback, so the outcome is inferred: the device store tells of
     * each flush (before a commit, or before a dirty close) and of each discard; the prepared counts are published
     * when the store reports a checkpoint after the commit, or when the task processes or punctuates again (it does
     * so only after a successful commit), and dropped when the store is discarded or flushed again without either
     * (a dirty close after a failed commit).
     */
    private static final class Tally {
        boolean any;
        long readings;
        long frames;
        long endMarkers;
        long late;
        long resets;
        long attention;
        final long[] alerts = new long[KINDS.length];
        final long[] errors = new long[REASONS.length];
        final long[] labelled = new long[OUTCOMES.length];

        void clear() {
            if (any) {
                readings = 0;
                frames = 0;
                endMarkers = 0;
                late = 0;
                resets = 0;
                attention = 0;
                Arrays.fill(alerts, 0);
                Arrays.fill(errors, 0);
                Arrays.fill(labelled, 0);
                any = false;
            }
        }
    }

    /** A processor alerting by {@code rules}' {@link ScoringRules#alertPolicy() policy}. */
    public DeviceScoringProcessor(String storeName, ScoringRules rules, ModelHolder models, ScoringMetrics metrics,
            Decoders decoders) {
        this(storeName, rules, models, metrics, decoders, rules.alertPolicy());
    }

    /** A processor alerting by {@code policy}: the seam for other alarm rules (on-delay, deadband, shadow). */
    public DeviceScoringProcessor(String storeName, ScoringRules rules, ModelHolder models, ScoringMetrics metrics,
            Decoders decoders, AlertPolicy policy) {
        this.decoders = Objects.requireNonNull(decoders, "decoders");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.models = Objects.requireNonNull(models, "models");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.intervals = rules.cadence() == Cadence.INTERVAL;
        this.intervalMs = rules.interval().toMillis();
        this.graceMs = rules.grace().toMillis();
        this.valueMin = Math.max(rules.valueMin(), -Double.MAX_VALUE);
        this.valueMax = Math.min(rules.valueMax(), Double.MAX_VALUE);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        store = context.getStateStore(storeName);
        alerts = new AlertBuilder(rules.topK());
        closed = false;
        current.clear();
        prepared.clear();
        store.listen(new DeviceStateStore.CommitListener() {
            @Override
            public void flushing() {
                // Still prepared: the last commit was not followed by any processing, so it failed (dirty close).
                prepared.clear();
                Tally t = prepared;
                prepared = current;
                current = t;
            }

            @Override
            public void committed() {
                publishPrepared();
            }

            @Override
            public void discarded() {
                prepared.clear();
                current.clear();
            }
        });
        // The restored state is committed: the gauge counts its devices in attention now, not on their next event,
        // and the intervals due are scored by this owner.
        DeviceStateStore.Survey survey = store.survey();
        attentionPublished = survey.attention();
        metrics.addDevicesAttention(attentionPublished);
        due.clear();
        streamTime = survey.newestEventTime();
        closedUpTo = minusSaturated(streamTime, graceMs);
        for (DeviceState state : survey.pending()) {
            dueAt(state, state.pendingUntil);
        }
        active = false;
        activeAt = context.currentSystemTimeMs();
        // A task revived in the same processor would otherwise keep the old schedule beside the new one.
        if (punctuation != null) {
            punctuation.cancel();
        }
        punctuation = context.schedule(rules.interval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<Object, Object> record) {
        if (prepared.any) {
            publishPrepared();
        }
        LiveModel model = models.current();
        if (model == null) {
            // The application starts Kafka Streams only once a model serves; getting here is a bug.
            throw new IllegalStateException("a record arrived before any model was loaded: "
                    + models.notReadyReason().orElse("unknown reason"));
        }
        Object value = record.value();
        if (value instanceof byte[] bytes) {
            decodeReading(bytes, model);
            active = true;
            if (reading.idLength() == 0) {
                throw emptyDeviceId(model);
            }
            requireKey(record.key(), reading.idBytes(), reading.idOffset(), reading.idLength(), model);
            onReading(reading, model);
        } else if (value instanceof FrameBytes frame) {
            SensorFrame decoded = decodeFrame(frame.bytes(), model);
            active = true;
            if (decoded.getDeviceId() == null || decoded.getDeviceId().isEmpty()) {
                throw emptyDeviceId(model);
            }
            byte[] id = decoded.getDeviceId().getBytes(StandardCharsets.UTF_8);
            requireKey(record.key(), id, 0, id.length, model);
            onFrame(decoded, model);
        } else if (value == null) {
            active = true;
            throw invalid(DeadLetterReason.EMPTY_RECORD, "the record has no value (a tombstone): nothing to score",
                    model);
        } else {
            throw new IllegalStateException("unexpected value type " + value.getClass().getName());
        }
    }

    private void decodeReading(byte[] bytes, LiveModel model) {
        try {
            decoders.readings().decode(decoders.readingsTopic(), bytes, reading);
        } catch (SerializationException e) {
            throw invalid(DeadLetterReason.UNDECODABLE, e.getMessage(), model);
        } catch (SchemaRegistryUnavailableException e) {
            awaitRegistry(e, () -> {
                decoders.readings().decode(decoders.readingsTopic(), bytes, reading);
                return null;
            }, model);
        }
    }

    private SensorFrame decodeFrame(byte[] bytes, LiveModel model) {
        SensorFrame frame;
        try {
            frame = decoders.frames().deserialize(decoders.framesTopic(), bytes);
        } catch (SerializationException e) {
            throw invalid(DeadLetterReason.UNDECODABLE, e.getMessage(), model);
        } catch (SchemaRegistryUnavailableException e) {
            frame = awaitRegistry(e, () -> decoders.frames().deserialize(decoders.framesTopic(), bytes), model);
        }
        return frame;
    }

    /**
     * Retries {@code decode} while the registry cannot answer, for up to {@code registryWait}, then gives up without
     * committing: the record is decoded again later, never dead-lettered for the registry's sake.
     *
     * <p>Giving up throws Kafka Streams' {@link TaskMigratedException}, the one exception its processor nodes pass
     * through untouched and its stream threads recover from in place: the thread closes its tasks dirty (under
     * exactly-once their open transaction aborts), leaves the group and joins again, and its tasks resume from
     * their last commit, normally on this same thread within a rebalance. Failing the thread instead (and having
     * it replaced) costs a consumer-session timeout per attempt, since a dead thread's member does not leave the
     * group: 45 s by default, measured in ScoringRegistryOutageIT. Waiting here longer than that is not an option
     * either: an open transaction times out (10 s under exactly-once) and a thread that does not poll for
     * {@code max.poll.interval.ms} is dropped from the group.
     */
    private <T> T awaitRegistry(SchemaRegistryUnavailableException first, Supplier<T> decode, LiveModel model) {
        SchemaRegistryUnavailableException last = first;
        long deadline = System.nanoTime() + rules.registryWait().toNanos();
        long pause = REGISTRY_BACKOFF_MS;
        while (true) {
            metrics.schemaRegistryUnavailable(last.getMessage());
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw giveUp(last);
            }
            try {
                // Off the scoring path: only while the registry cannot answer, when this thread has nothing it may
                // do meanwhile (the record cannot be skipped, nor the next one taken before it).
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw giveUp(last);
            }
            pause = Math.min(pause * 2, REGISTRY_BACKOFF_MAX_MS);
            try {
                return decode.get();
            } catch (SchemaRegistryUnavailableException again) {
                last = again;
            } catch (SerializationException e) {
                metrics.schemaRegistryAvailable();
                throw invalid(DeadLetterReason.UNDECODABLE, e.getMessage(), model);
            }
        }
    }

    private TaskMigratedException giveUp(SchemaRegistryUnavailableException cause) {
        LOG.warn("Waited {} ms for the schema registry in vain; task {} and the others of this stream thread restart "
                + "from their last commit (nothing of this attempt is committed): {}", rules.registryWait().toMillis(),
                context().taskId(), cause.getMessage());
        return new TaskMigratedException("gave up waiting " + rules.registryWait().toMillis() + " ms for the schema "
                + "registry; restarting the tasks from their last commit", cause);
    }

    private void requireKey(Object key, byte[] id, int offset, int length, LiveModel model) {
        if (key instanceof byte[] k && Arrays.equals(k, 0, k.length, id, offset, offset + length)) {
            return;
        }
        String deviceId = new String(id, offset, length, StandardCharsets.UTF_8);
        throw invalid(DeadLetterReason.KEY_NOT_DEVICE_ID, key == null
                ? "the record of device '" + deviceId + "' has no key: key every record by its device id, so that "
                        + "a device's records share a partition and one scorer task holds its state"
                : "the record of device '" + deviceId + "' is keyed '"
                        + new String((byte[]) key, StandardCharsets.UTF_8) + "': key every record by its device id, "
                        + "so that a device's records share a partition and one scorer task holds its state",
                model);
    }

    private void onReading(SensorReadingDecoder.Reading reading, LiveModel model) {
        int sensor = reading.sensor();
        if (sensor == END_MARKER) {
            current.endMarkers++;
            current.any = true;
            return;
        }
        if (sensor <= 0 || sensor > model.featureCount()) {
            throw sensorOutOfRange(reading, model);
        }
        double value = reading.value();
        if (!(value >= valueMin && value <= valueMax)) { // also true for NaN
            throw badValue(value, "sensor " + sensor + " of device '" + reading.deviceId() + "'", model);
        }
        DeviceState state = device(reading, model);
        int index = sensor - 1;
        double old = state.value(index);
        if (Double.isNaN(state.set(index, value))) {
            state.set(index, old);
            throw undefinedMargin("sensor " + sensor + " of device '" + reading.deviceId() + "' has the value "
                    + value, model);
        }
        long eventTime = reading.eventTime();
        long until = 0;
        if (intervals) {
            until = intervalOf(eventTime);
            if (state.pending() && state.pendingUntil < until) {
                scoreBefore(state, index, old, value, model);
            }
        }
        state.seen(eventTime);
        current.readings++;
        current.any = true;
        applied(state, until, eventTime, model);
    }

    /**
     * Rule 1 for an accepted reading: the device's due interval is scored without it. The value was checked by
     * applying it (a refused reading leaves no trace), so it is taken back for the score and applied again.
     */
    private void scoreBefore(DeviceState state, int index, double old, double value, LiveModel model) {
        state.set(index, old);
        score(state, model, now());
        state.set(index, value);
    }

    // The refusals are built apart from the hot path: their messages would otherwise be built for every record.

    private InvalidRecordException sensorOutOfRange(SensorReadingDecoder.Reading reading, LiveModel model) {
        int sensor = reading.sensor();
        return invalid(DeadLetterReason.SENSOR_OUT_OF_RANGE, "sensor " + sensor + " of device '" + reading.deviceId()
                + "' is outside 1.." + model.featureCount() + ", the sensors of model " + model.id()
                + (sensor < 0 ? " (only -1 ends a stream)" : ""), model);
    }

    private InvalidRecordException badValue(double value, String what, LiveModel model) {
        if (!Double.isFinite(value)) {
            return invalid(DeadLetterReason.VALUE_NOT_FINITE, what + " has the value " + value
                    + ": only finite values can be scored", model);
        }
        return invalid(DeadLetterReason.VALUE_OUT_OF_RANGE, what + " has the value " + value + ", outside ["
                + valueMin + ", " + valueMax + "] (reading.value.min, reading.value.max)", model);
    }

    private InvalidRecordException undefinedMargin(String what, LiveModel model) {
        return invalid(DeadLetterReason.VALUE_OUT_OF_RANGE, what + ", which makes the margin of model "
                + model.id() + " undefined (terms overflow with opposite signs): set reading.value.min and "
                + "reading.value.max to the range the sensors can report", model);
    }

    private void onFrame(SensorFrame frame, LiveModel model) {
        List<Double> values = frame.getValues();
        int n = model.featureCount();
        if (values.size() != n) {
            throw invalid(DeadLetterReason.FRAME_LENGTH_MISMATCH, "frame of device '" + frame.getDeviceId()
                    + "' has " + values.size() + " values, but model " + model.id() + " has " + n + " features",
                    model);
        }
        double[] vector = new double[n];
        for (int i = 0; i < n; i++) {
            double v = values.get(i);
            if (!(v >= valueMin && v <= valueMax)) {
                throw badValue(v, "sensor " + (i + 1) + " in the frame of device '" + frame.getDeviceId() + "'",
                        model);
            }
            vector[i] = v;
        }
        if (Double.isNaN(model.scorer().margin(vector))) {
            throw undefinedMargin("the frame of device '" + frame.getDeviceId() + "'", model);
        }
        DeviceState state = device(frame.getDeviceId(), model);
        long eventTime = frame.getEventTime().toEpochMilli();
        long until = intervals ? intervalOf(eventTime) : 0;
        if (intervals && state.pending() && state.pendingUntil < until) {
            score(state, model, now());
        }
        for (int i = 0; i < n; i++) {
            state.set(i, vector[i]);
        }
        state.seen(eventTime);
        current.frames++;
        current.any = true;
        Integer label = frame.getLabel();
        if (label != null) {
            boolean predicted = model.scorer().decide(probability(state, model));
            current.labelled[ScoringMetrics.Outcome.of(predicted, label == 1).ordinal()]++;
        }
        applied(state, until, eventTime, model);
    }

    /** The reading's device, looked up by the id's bytes: no string for a device already in memory. */
    private DeviceState device(SensorReadingDecoder.Reading reading, LiveModel model) {
        if (reading.idLength() == 0) {
            throw emptyDeviceId(model);
        }
        DeviceState state = store.get(reading.idBytes(), reading.idOffset(), reading.idLength());
        if (state == null) {
            return store.create(reading.deviceId(), model.scorer(), rules.recomputeEvery());
        }
        bind(state, model);
        return state;
    }

    private DeviceState device(String deviceId, LiveModel model) {
        if (deviceId == null || deviceId.isEmpty()) {
            throw emptyDeviceId(model);
        }
        DeviceState state = store.get(deviceId);
        if (state == null) {
            return store.create(deviceId, model.scorer(), rules.recomputeEvery());
        }
        bind(state, model);
        return state;
    }

    private InvalidRecordException emptyDeviceId(LiveModel model) {
        return invalid(DeadLetterReason.EMPTY_RECORD,
                "the record has an empty deviceId: the scorer keeps state per device", model);
    }

    /** A refusal, counted with the work of this transaction. */
    private InvalidRecordException invalid(DeadLetterReason reason, String message, LiveModel model) {
        current.errors[reason.ordinal()]++;
        current.any = true;
        return new InvalidRecordException(reason, message, model.id());
    }

    private void bind(DeviceState state, LiveModel model) {
        if (!state.boundTo(model.scorer()) && !state.bind(model.scorer(), rules.recomputeEvery())) {
            // A vector of another length cannot be scored by this model: it starts again at the neutral values,
            // and the attention decided on the old vector no longer stands. Cleared without a RECOVERY alert: the
            // device did not recover, its history was dropped.
            current.resets++;
            current.any = true;
            if (state.attention()) {
                state.attention(false);
                current.attention--;
            }
            store.markDirty(state);
            if (!resetLogged) {
                resetLogged = true;
                LOG.warn("Device '{}' (and any other of task {} with a vector of another length) reset to model {}'s "
                        + "{} neutral values: its stored vector has another number of sensors; its attention is "
                        + "cleared without an alert (count: iotstream_device_resets_total)", state.deviceId,
                        context().taskId(), model.id(), model.featureCount());
            }
        }
    }

    /** Interval mode: the end of the interval a record of {@code eventTime} is scored with. */
    private long intervalOf(long eventTime) {
        long until;
        if (eventTime >= lastIntervalStart && eventTime < lastIntervalEnd) {
            until = lastIntervalEnd;
        } else {
            until = endOfInterval(eventTime);
            lastIntervalEnd = until;
            lastIntervalStart = until == Long.MAX_VALUE ? Long.MAX_VALUE : until - intervalMs;
        }
        if (until <= closedUpTo) {
            // Late: its interval was scored already; it goes with the oldest interval still open.
            current.late++;
            current.any = true;
            until = endOfInterval(closedUpTo);
        }
        return until;
    }

    private long endOfInterval(long eventTime) {
        long index = Math.floorDiv(eventTime, intervalMs);
        return index >= Long.MAX_VALUE / intervalMs - 1 ? Long.MAX_VALUE : (index + 1) * intervalMs;
    }

    private void applied(DeviceState state, long until, long eventTime, LiveModel model) {
        store.markDirty(state);
        state.eventsSinceScored++;
        if (!intervals) {
            score(state, model, now());
            return;
        }
        if (!state.pending()) {
            dueAt(state, until);
        }
        if (eventTime > streamTime) {
            streamTime = eventTime;
            long upTo = minusSaturated(eventTime, graceMs);
            if (upTo > closedUpTo) {
                closedUpTo = upTo;
                closeIntervals(upTo, model, now());
            }
        }
    }

    private void dueAt(DeviceState state, long until) {
        state.pendingUntil = until;
        due.computeIfAbsent(until, u -> new ArrayList<>()).add(state);
    }

    /** Rules 2 and 3: scores the devices due in intervals ending at or before {@code upTo}. */
    private void closeIntervals(long upTo, LiveModel model, long now) {
        Map.Entry<Long, ArrayList<DeviceState>> first = due.firstEntry();
        if (first == null || first.getKey() > upTo) {
            return;
        }
        long start = System.nanoTime();
        while (first != null && first.getKey() <= upTo) {
            due.pollFirstEntry();
            long until = first.getKey();
            for (DeviceState state : first.getValue()) {
                // Skips entries of devices scored since (rule 1) or due at a later interval now.
                if (state.pendingUntil == until) {
                    bind(state, model);
                    score(state, model, now);
                }
            }
            first = due.firstEntry();
        }
        metrics.recordScoringPass(System.nanoTime() - start);
    }

    /** The device's probability: off its incremental margin, unless the model serves with a whole-vector scorer. */
    private double probability(DeviceState state, LiveModel model) {
        ScorerFactory.VectorScorer vectorScorer = model.vectorScorer();
        if (vectorScorer == null) {
            return state.probability();
        }
        if (scratch.length != model.featureCount()) {
            scratch = new double[model.featureCount()];
        }
        return state.probability(vectorScorer, scratch);
    }

    private void score(DeviceState state, LiveModel model, long now) {
        double p = probability(state, model);
        boolean was = state.attention();
        // A probability outside [0,1] (a whole-vector scorer's NaN) decides nothing and never reaches an alert.
        AlertKind kind = p >= 0.0 && p <= 1.0
                ? policy.decide(state, p, model.scorer().decide(p), state.lastEventTime()) : null;
        boolean attention = state.attention();
        if (attention != was) {
            current.attention += attention ? 1 : -1;
            current.any = true;
        }
        if (kind != null) {
            Alert alert = alerts.build(state, model, kind, p, attention, now);
            context().forward(new Record<>(state.deviceId, alert, now));
            current.alerts[kind.ordinal()]++;
            current.any = true;
            if (state.lastEventTime() != Long.MIN_VALUE) {
                metrics.recordEventToAlert(now - state.lastEventTime());
            }
        }
        state.pendingUntil = DeviceState.NOT_PENDING;
        state.eventsSinceScored = 0;
        store.markDirty(state);
    }

    /** The wall clock, read only when a score needs it: not per record. */
    private long now() {
        return context().currentSystemTimeMs();
    }

    /**
     * Once per interval (wall clock): rule 3, the idle close. Silence counts from the last punctuation that found
     * records since the one before, so it is at least {@code idleClose} and at most one interval more.
     */
    private void punctuate(long now) {
        if (prepared.any) {
            publishPrepared();
        }
        if (active) {
            active = false;
            activeAt = now;
            // Records decoded since the last punctuation: an outage that made an earlier attempt give up is over
            // (checked here, once per interval, rather than per record).
            if (metrics.schemaRegistryOutage() != null) {
                metrics.schemaRegistryAvailable();
            }
        } else if (intervals && !due.isEmpty() && now - activeAt >= rules.idleClose().toMillis()) {
            LiveModel model = models.current();
            if (model != null) {
                closeIntervals(Long.MAX_VALUE, model, now);
            }
        }
    }

    private void publishPrepared() {
        Tally t = prepared;
        if (!t.any) {
            return;
        }
        metrics.addEvents(t.readings, t.frames, t.endMarkers);
        for (int i = 0; i < t.alerts.length; i++) {
            if (t.alerts[i] > 0) {
                metrics.addAlerts(KINDS[i], t.alerts[i]);
            }
        }
        for (int i = 0; i < t.errors.length; i++) {
            metrics.addErrors(REASONS[i], t.errors[i]);
        }
        for (int i = 0; i < t.labelled.length; i++) {
            metrics.addLabelled(OUTCOMES[i], t.labelled[i]);
        }
        metrics.addLate(t.late);
        metrics.addFeatureCountResets(t.resets);
        metrics.addDevicesAttention(t.attention);
        attentionPublished += t.attention;
        if (closed) {
            // The task has left this instance (its last commit arrives after close): it no longer counts here.
            metrics.addDevicesAttention(-attentionPublished);
            attentionPublished = 0;
        }
        t.clear();
    }

    private static long minusSaturated(long time, long amount) {
        return time < Long.MIN_VALUE + amount ? Long.MIN_VALUE : time - amount;
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
            punctuation = null;
        }
        closed = true;
        // The task's devices go elsewhere (rebalance, shutdown): they no longer count here.
        metrics.addDevicesAttention(-attentionPublished);
        attentionPublished = 0;
        due.clear();
    }
}
