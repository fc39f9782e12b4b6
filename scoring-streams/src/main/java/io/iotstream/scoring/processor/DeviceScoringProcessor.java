package io.iotstream.scoring.processor;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.scoring.errors.DeadLetterReason;
import io.iotstream.scoring.errors.InvalidRecordException;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.LiveModel;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.model.ScorerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each device's sensor vector and scores it: the scorer's one processor.
 *
 * <p>Input: {@link SensorReading}s (one sensor of one device) and {@link SensorFrame}s (a whole vector; labelled
 * frames also feed the live confusion matrix), as undecoded bytes ({@code byte[]} for readings, {@link FrameBytes}
 * for frames) which this processor decodes itself: a record that does not decode is then refused like any other
 * bad record, through the processing exception handler, whose dead letters Kafka Streams 4.4 writes in the
 * task's transaction (those of the deserialization handler were lost under exactly-once in the test driver), and
 * without Kafka Streams' per-record WARN with a stack trace. The device is the record's {@code deviceId}; the Kafka key is
 * ignored (producers key by device id so that a device stays on one partition). A reading sets one sensor, the
 * others keep their latest value (the model's neutral value until first seen), and the device's margin is updated
 * in O(1). A negative sensor number is the original benchmark's end-of-stream marker: counted and ignored.
 *
 * <p>Scoring: in {@link Cadence#INTERVAL} mode, a wall-clock punctuation once per interval scores each device that
 * received events in it; in {@link Cadence#EVENT} mode every event is scored. A score becomes an {@link Alert} on a
 * change of decision ({@code ATTENTION}, {@code RECOVERY}) or, with {@link Emit#ALL}, always ({@code STATUS}).
 *
 * <p>The model is read once per record from the {@link ModelHolder}, so a model swap lands between two records;
 * devices rebind their margin to the new model on their next use.
 *
 * <p>Records that cannot be scored throw {@link InvalidRecordException} before any state changes; the processing
 * exception handler sends them to the dead-letter topic.
 */
public final class DeviceScoringProcessor extends ContextualProcessor<Object, Object, String, Alert> {

    private static final AlertKind[] KINDS = AlertKind.values();

    private final String storeName;
    private final ScoringRules rules;
    private final ModelHolder models;
    private final ScoringMetrics metrics;
    private final Decoders decoders;
    private DeviceStateStore store;
    private AlertBuilder alerts;
    /** Devices that received events in the current interval. */
    private final List<DeviceState> touched = new ArrayList<>(1024);
    /** The vector handed to a {@link io.iotstream.scoring.model.ScorerFactory.VectorScorer}, reused. */
    private double[] scratch = new double[0];
    /** Decoded fields of the current reading, reused for every record. */
    private final SensorReadingDecoder.Reading reading = new SensorReadingDecoder.Reading();

    // Counted in plain fields on the hot path, added to the shared meters once per interval.
    private long readings;
    private long frames;
    private long endMarkers;
    private final long[] alertCounts = new long[KINDS.length];
    private final long[] labelled = new long[ScoringMetrics.Outcome.values().length];
    private long attentionHeld;
    private long attentionReported;

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

    public DeviceScoringProcessor(String storeName, ScoringRules rules, ModelHolder models, ScoringMetrics metrics,
            Decoders decoders) {
        this.decoders = Objects.requireNonNull(decoders, "decoders");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.models = Objects.requireNonNull(models, "models");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        store = context.getStateStore(storeName);
        alerts = new AlertBuilder(rules.topK());
        context.schedule(rules.interval(), PunctuationType.WALL_CLOCK_TIME, this::endInterval);
    }

    @Override
    public void process(Record<Object, Object> record) {
        LiveModel model = models.current();
        if (model == null) {
            // The application starts Kafka Streams only once a model serves; getting here is a bug.
            throw new IllegalStateException("a record arrived before any model was loaded: "
                    + models.notReadyReason().orElse("unknown reason"));
        }
        Object value = record.value();
        if (value instanceof byte[] bytes) {
            try {
                decoders.readings().decode(decoders.readingsTopic(), bytes, reading);
            } catch (SerializationException e) {
                throw new InvalidRecordException(DeadLetterReason.UNDECODABLE, e.getMessage(), model.id());
            }
            onReading(reading, model);
        } else if (value instanceof FrameBytes frame) {
            onFrame(decode(decoders.frames(), decoders.framesTopic(), frame.bytes(), model), model);
        } else if (value == null) {
            throw new InvalidRecordException(DeadLetterReason.EMPTY_RECORD,
                    "the record has no value (a tombstone): nothing to score", model.id());
        } else {
            throw new IllegalStateException("unexpected value type " + value.getClass().getName());
        }
    }

    private static <T> T decode(Deserializer<T> decoder, String topic, byte[] bytes, LiveModel model) {
        try {
            return decoder.deserialize(topic, bytes);
        } catch (SerializationException e) {
            throw new InvalidRecordException(DeadLetterReason.UNDECODABLE, e.getMessage(), model.id());
        }
    }

    private void onReading(SensorReadingDecoder.Reading reading, LiveModel model) {
        int sensor = reading.sensor();
        if (sensor < 0) {
            endMarkers++;
            return;
        }
        int n = model.featureCount();
        if (sensor == 0 || sensor > n) {
            throw new InvalidRecordException(DeadLetterReason.SENSOR_OUT_OF_RANGE, "sensor " + sensor + " of device '"
                    + reading.deviceId() + "' is outside 1.." + n + ", the sensors of model " + model.id(),
                    model.id());
        }
        double value = reading.value();
        if (!Double.isFinite(value)) {
            throw new InvalidRecordException(DeadLetterReason.VALUE_NOT_FINITE, "sensor " + sensor + " of device '"
                    + reading.deviceId() + "' has the value " + value + ": only finite values can be scored",
                    model.id());
        }
        DeviceState state = device(reading, model);
        state.set(sensor - 1, value);
        state.seen(reading.eventTime());
        readings++;
        updated(state, model);
    }

    private void onFrame(SensorFrame frame, LiveModel model) {
        List<Double> values = frame.getValues();
        int n = model.featureCount();
        if (values.size() != n) {
            throw new InvalidRecordException(DeadLetterReason.FRAME_LENGTH_MISMATCH, "frame of device '"
                    + frame.getDeviceId() + "' has " + values.size() + " values, but model " + model.id() + " has "
                    + n + " features", model.id());
        }
        for (int i = 0; i < n; i++) {
            double v = values.get(i);
            if (!Double.isFinite(v)) {
                throw new InvalidRecordException(DeadLetterReason.VALUE_NOT_FINITE, "frame of device '"
                        + frame.getDeviceId() + "' has the value " + v + " for sensor " + (i + 1)
                        + ": only finite values can be scored", model.id());
            }
        }
        DeviceState state = device(frame.getDeviceId(), model);
        for (int i = 0; i < n; i++) {
            state.set(i, values.get(i));
        }
        state.seen(frame.getEventTime().toEpochMilli());
        frames++;
        Integer label = frame.getLabel();
        if (label != null) {
            boolean predicted = model.scorer().decide(probability(state, model));
            labelled[ScoringMetrics.Outcome.of(predicted, label == 1).ordinal()]++;
        }
        updated(state, model);
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

    private static InvalidRecordException emptyDeviceId(LiveModel model) {
        return new InvalidRecordException(DeadLetterReason.EMPTY_RECORD,
                "the record has an empty deviceId: the scorer keeps state per device", model.id());
    }

    private void bind(DeviceState state, LiveModel model) {
        if (!state.boundTo(model.scorer())) {
            if (state.isRestored() && state.attention()) {
                attentionHeld++;
            }
            state.bind(model.scorer(), rules.recomputeEvery());
        }
    }

    private void updated(DeviceState state, LiveModel model) {
        store.markDirty(state);
        if (state.eventsInInterval++ == 0) {
            touched.add(state);
        }
        if (rules.cadence() == Cadence.EVENT) {
            score(state, model, context().currentSystemTimeMs());
        }
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
        boolean attention = model.scorer().decide(p);
        AlertKind kind;
        if (attention != state.attention()) {
            kind = attention ? AlertKind.ATTENTION : AlertKind.RECOVERY;
            state.attention(attention);
            attentionHeld += attention ? 1 : -1;
            store.markDirty(state);
        } else if (rules.emit() == Emit.ALL) {
            kind = AlertKind.STATUS;
        } else {
            return;
        }
        Alert alert = alerts.build(state, model, kind, p, attention, now);
        context().forward(new Record<>(state.deviceId, alert, now));
        alertCounts[kind.ordinal()]++;
        if (state.lastEventTime() != Long.MIN_VALUE) {
            metrics.recordEventToAlert(now - state.lastEventTime());
        }
    }

    /** The end of a reporting interval: score the devices that received events (interval mode), report counts. */
    private void endInterval(long now) {
        long start = System.nanoTime();
        LiveModel model = models.current();
        boolean scoring = rules.cadence() == Cadence.INTERVAL && model != null;
        for (int i = 0, n = touched.size(); i < n; i++) {
            DeviceState state = touched.get(i);
            if (scoring) {
                bind(state, model);
                score(state, model, now);
            }
            state.eventsInInterval = 0;
        }
        int scored = touched.size();
        touched.clear();
        if (scoring && scored > 0) {
            metrics.recordScoringPass(System.nanoTime() - start);
        }
        report();
    }

    private void report() {
        metrics.addEvents(readings, frames, endMarkers);
        readings = 0;
        frames = 0;
        endMarkers = 0;
        for (int i = 0; i < alertCounts.length; i++) {
            if (alertCounts[i] > 0) {
                metrics.addAlerts(KINDS[i], alertCounts[i]);
                alertCounts[i] = 0;
            }
        }
        ScoringMetrics.Outcome[] outcomes = ScoringMetrics.Outcome.values();
        for (int i = 0; i < labelled.length; i++) {
            metrics.addLabelled(outcomes[i], labelled[i]);
            labelled[i] = 0;
        }
        metrics.addDevicesAttention(attentionHeld - attentionReported);
        attentionReported = attentionHeld;
    }

    @Override
    public void close() {
        report();
        // The task's devices go elsewhere (rebalance, shutdown): they no longer count here.
        metrics.addDevicesAttention(-attentionReported);
        attentionHeld = 0;
        attentionReported = 0;
        touched.clear();
    }
}
