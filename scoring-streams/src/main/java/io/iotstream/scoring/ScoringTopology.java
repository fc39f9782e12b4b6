package io.iotstream.scoring;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.scoring.errors.DeadLetterDeserializationHandler;
import io.iotstream.scoring.errors.DeadLetterProcessingHandler;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelEventProcessor;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.processor.ScoringRules;
import io.iotstream.scoring.processor.internal.DeviceScoringProcessor;
import io.iotstream.scoring.processor.internal.DeviceStateStoreBuilder;
import io.iotstream.scoring.processor.internal.FrameBytes;
import io.iotstream.scoring.processor.internal.SensorReadingDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer's topology, a pure function of its config and the model holder:
 *
 * <pre>
 * readings-source (input.topic, SensorReading) ─┐
 * frames-source   (frames.topic, SensorFrame)  ─┴─► score (device-state store) ─► alerts-sink (alerts.topic)
 *
 * model-events-source (model.events.topic) ─► model-events (global store model-events) ─► ModelHolder
 * </pre>
 *
 * Records that do not decode, or that the processor refuses, go to {@code error.topic} through the processing
 * exception handler that {@link #streamsConfig} installs (Kafka Streams' dead-letter queue, KIP-1034).
 *
 * <p>Every node and store is named, so changelog topics ({@code <application.id>-device-state-changelog}) keep
 * their names across versions.
 */
public final class ScoringTopology {

    public static final String READINGS_SOURCE = "readings-source";
    public static final String FRAMES_SOURCE = "frames-source";
    public static final String SCORER = "score";
    public static final String DEVICE_STATE_STORE = "device-state";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String MODEL_EVENTS_SOURCE = "model-events-source";
    public static final String MODEL_EVENTS_PROCESSOR = "model-events";
    public static final String MODEL_EVENTS_STORE = "model-events";
    /**
     * The producer's {@code batch.size} unless the Kafka settings give one: 256 KiB instead of Kafka's 16 KiB. At
     * each commit every changed device's vector (814 bytes at 100 sensors) goes to the changelog at once; with 16 KiB
     * batches that is a batch per ~19 devices, and the broker, on the same cores in the benchmark, spent about twice
     * the CPU per input record on them (docs/BENCHMARKS.md, "Session 2: the scorer's hot path").
     */
    public static final int PRODUCER_BATCH_SIZE = 256 * 1024;

    private ScoringTopology() {
    }

    /**
     * Builds the topology. No I/O happens here: the serdes reach the schema registry on first use.
     *
     * @param models the model holder the processors read (and model events refresh)
     * @param metrics where the processors count
     */
    public static Topology build(ScoringConfig config, ModelHolder models, ScoringMetrics metrics) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(metrics, "metrics");
        config.requireScoringSettings();
        Map<String, Object> serdeConfig = config.serdeConfig();
        ScoringRules rules = config.rules();

        Topology topology = new Topology();
        List<String> sources = new ArrayList<>();
        // Keys are not decoded (the device is the value's deviceId) and values are decoded by the processor, so
        // that undecodable records take the same dead-letter path as invalid ones.
        topology.addSource(READINGS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                config.inputTopic());
        sources.add(READINGS_SOURCE);
        config.framesTopic().ifPresent(frames -> {
            topology.addSource(FRAMES_SOURCE, Serdes.ByteArray().deserializer(), new FrameBytes.Wrapper(), frames);
            sources.add(FRAMES_SOURCE);
        });
        DeviceScoringProcessor.Decoders decoders = new DeviceScoringProcessor.Decoders(config.inputTopic(),
                new SensorReadingDecoder(new AvroSerdeConfig(serdeConfig).createRegistryClient(),
                        AvroSerdes.specific(SensorReading.class, serdeConfig, false).deserializer()),
                config.framesTopic().orElse("(none)"),
                AvroSerdes.specific(SensorFrame.class, serdeConfig, false).deserializer());
        topology.addProcessor(SCORER,
                () -> new DeviceScoringProcessor(DEVICE_STATE_STORE, rules, models, metrics, decoders),
                sources.toArray(String[]::new));
        topology.addStateStore(new DeviceStateStoreBuilder(DEVICE_STATE_STORE, config.stateStore(), Map.of()), SCORER);
        topology.addSink(ALERTS_SINK, config.alertsTopic(), Serdes.String().serializer(),
                AvroSerdes.specific(Alert.class, serdeConfig, false).serializer(), SCORER);

        config.modelEventsTopic().ifPresent(topic -> topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_EVENTS_STORE), Serdes.String(),
                        Serdes.String()).withLoggingDisabled(),
                MODEL_EVENTS_SOURCE, Serdes.String().deserializer(), Serdes.String().deserializer(), topic,
                MODEL_EVENTS_PROCESSOR, () -> new ModelEventProcessor(MODEL_EVENTS_STORE, models)));
        return topology;
    }

    /**
     * The Kafka Streams configuration: the Kafka client settings of {@code kafka.config} (over a larger producer
     * {@code batch.size}, {@link #PRODUCER_BATCH_SIZE}, unless they give one), then the scorer's own (which win):
     * application id, brokers, processing guarantee, threads, commit interval, state dir, and the dead-letter
     * handlers with the objects they need.
     */
    @SuppressWarnings("deprecation") // processing.exception.handler.global.enabled: deprecated as 5.0 will default to true
    public static Properties streamsConfig(ScoringConfig config, ModelHolder models, ScoringMetrics metrics) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(metrics, "metrics");
        Properties props = new Properties();
        Map<String, String> kafka = config.kafkaSettings();
        if (!kafka.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)
                && !kafka.containsKey(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_SIZE);
        }
        props.putAll(kafka);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        config.stateDir().ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir));
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.errorTopic());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        // The global model-events processor never throws on bad input; a bug there should stop it the same way.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Kafka Streams 4.4 also builds a StreamsConfig from the main consumer's settings (its partition
        // assignor's), which lack the flag above, and that logs a WARN at every start recommending it: pass it there.
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
        // No DSL caches in this topology; the device store caches itself.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        props.put(ScoringMetrics.CONFIG_KEY, metrics);
        props.put(ModelHolder.CONFIG_KEY, models);
        return props;
    }
}
