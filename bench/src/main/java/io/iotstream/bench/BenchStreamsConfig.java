package io.iotstream.bench;

import io.iotstream.scoring.ScoringTopology;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams settings the bench's own apps (pass-through, PMML peer) share with the scorer: the scorer's tuning
 * under the user's Kafka client settings, then the run's application id, guarantee, threads and state folder.
 */
final class BenchStreamsConfig {

    private BenchStreamsConfig() {
    }

    @SuppressWarnings("deprecation") // processing.exception.handler.global.enabled: 5.0 makes it the default
    static Properties of(Workload w, String app, int threads) {
        Map<String, Object> props = new HashMap<>();
        // The scorer's commit interval, so that every app pays the same transaction overhead.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ScorerRuns.defaultCommitIntervalMs());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        // The scorer's producer batches: each commit sends every changed device's state at once.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), ScoringTopology.PRODUCER_BATCH_SIZE);
        // As the scorer sets them, which also keeps Kafka Streams 4.4 from warning at every start.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
        Properties config = new Properties();
        config.putAll(w.kafka.config(props, Map.of(StreamsConfig.APPLICATION_ID_CONFIG, app,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, w.settings.guarantee(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads,
                StreamsConfig.STATE_DIR_CONFIG, w.work.resolve("state-" + app).toString())));
        return config;
    }
}
