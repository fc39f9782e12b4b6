package io.iotstream.bench;

import io.iotstream.scoring.processor.SensorReadingDecoder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Peer B's processor: the scorer's processor with its scoring swapped for a general PMML evaluator. Same decoding
 * (the scorer's {@link SensorReadingDecoder}), same per-device latest-value vectors (neutral until first seen), same
 * cadence (once per interval per device that received events, or on every event), alerts on a change of decision,
 * and each changed device written once per commit interval to a changelog-backed store, as the scorer's own store
 * does. What differs is only the scoring: PMML4S evaluates the whole vector on every score, where the scorer keeps
 * the margin up to date in O(1) per reading.
 *
 * <p>Bench-only and simplified where it does not cost time: no dead-letter topic (the preloaded input has no bad
 * records), no restore of the in-memory vectors from the changelog (each run is a fresh application), and the alert
 * value is the probability as 8 bytes instead of an Avro {@code Alert} (alerts are rare: changes only).
 */
final class PmmlScoringProcessor extends ContextualProcessor<byte[], byte[], String, byte[]> {

    /** What the processor needs, shared by all its instances (all thread-safe). */
    record Setup(String storeName, String topic, PmmlScorer scorer, SensorReadingDecoder decoder, int sensors,
            double neutral, boolean eachEvent, Duration interval, Duration commitInterval) {
    }

    private static final class Device {
        final String id;
        final double[] values;
        boolean attention;
        boolean touched;
        boolean dirty;

        Device(String id, int sensors, double neutral) {
            this.id = id;
            this.values = new double[sensors];
            Arrays.fill(values, neutral);
        }
    }

    private final Setup setup;
    private final SensorReadingDecoder.Reading reading = new SensorReadingDecoder.Reading();
    private final Map<String, Device> devices = new HashMap<>();
    private final List<Device> touched = new ArrayList<>();
    private final List<Device> dirty = new ArrayList<>();
    private KeyValueStore<String, byte[]> store;

    PmmlScoringProcessor(Setup setup) {
        this.setup = setup;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        store = context.getStateStore(setup.storeName());
        if (!setup.eachEvent()) {
            context.schedule(setup.interval(), PunctuationType.WALL_CLOCK_TIME, this::endInterval);
        }
        context.schedule(setup.commitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> writeChanged());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        setup.decoder().decode(setup.topic(), record.value(), reading);
        int sensor = reading.sensor();
        if (sensor < 1 || sensor > setup.sensors()) {
            return;
        }
        Device device = devices.get(reading.deviceId());
        if (device == null) {
            device = new Device(reading.deviceId(), setup.sensors(), setup.neutral());
            devices.put(device.id, device);
        }
        device.values[sensor - 1] = reading.value();
        if (!device.dirty) {
            device.dirty = true;
            dirty.add(device);
        }
        if (setup.eachEvent()) {
            score(device, context().currentSystemTimeMs());
        } else if (!device.touched) {
            device.touched = true;
            touched.add(device);
        }
    }

    private void score(Device device, long now) {
        double p = setup.scorer().probability(device.values);
        boolean attention = setup.scorer().decide(p);
        if (attention != device.attention) {
            device.attention = attention;
            context().forward(new Record<>(device.id, ByteBuffer.allocate(8).putDouble(p).array(), now));
        }
    }

    private void endInterval(long now) {
        for (Device device : touched) {
            score(device, now);
            device.touched = false;
        }
        touched.clear();
    }

    private void writeChanged() {
        for (Device device : dirty) {
            ByteBuffer bytes = ByteBuffer.allocate(1 + 8 * device.values.length);
            bytes.put((byte) (device.attention ? 1 : 0));
            for (double v : device.values) {
                bytes.putDouble(v);
            }
            store.put(device.id, bytes.array());
            device.dirty = false;
        }
        dirty.clear();
    }
}
