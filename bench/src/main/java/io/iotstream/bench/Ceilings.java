package io.iotstream.bench;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.scoring.processor.internal.SensorReadingDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The ceilings: what the broker and client can deliver (a bare consumer reading the bytes), the same with the
 * scorer's Avro decoding, and what Kafka Streams itself costs (a pass-through app with no state and no output at
 * the run's processing guarantee, 2 threads).
 */
final class Ceilings {

    private final Workload w;
    private final BenchProgress progress;

    Ceilings(Workload w, BenchProgress progress) {
        this.w = w;
        this.progress = progress;
    }

    List<Result> run() throws Exception {
        List<Result> rows = new ArrayList<>();
        progress.step("ceiling: bare consumer (a warm-up pass, then the measured one)");
        // The first pass over the topic also warms the JIT and the broker's page cache for every later row.
        consume(false);
        rows.add(Result.rate("ceiling", "bare consumer (bytes)", consume(false),
                "one KafkaConsumer thread, all partitions, max.poll.records 10000"));
        progress.step("ceiling: bare consumer + Avro decoding");
        rows.add(Result.rate("ceiling", "bare consumer + Avro decoding", consume(true),
                "as above, each value decoded by the scorer's SensorReadingDecoder"));
        progress.step("ceiling: pass-through Streams app, 2 threads");
        rows.add(passThrough(2).row("ceiling", "pass-through Streams, 2 threads",
                "source to a no-op processor: no state, no output; " + w.settings.guarantee()
                        + ", the scorer's commit interval"));
        return rows;
    }

    /** The bare consumer's configuration: its batch size under the user's settings; no commits, the run's isolation. */
    static Map<String, Object> consumerConfig(Workload w) {
        return w.kafka.config(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "exactly_once_v2".equals(w.settings.guarantee()) ? "read_committed" : "read_uncommitted"));
    }

    private double consume(boolean decode) {
        Map<String, Object> config = consumerConfig(w);
        SensorReadingDecoder decoder = decode ? decoder(w) : null;
        SensorReadingDecoder.Reading reading = new SensorReadingDecoder.Reading();
        long records = w.settings.events();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < w.settings.partitions(); p++) {
                tps.add(new TopicPartition(w.input, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long count = 0;
            long checksum = 0;
            // The clock starts at the first records, so connecting and fetching metadata are not counted; the
            // first batch is then not counted either.
            long start = 0;
            long first = 0;
            while (count < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (start == 0 && !batch.isEmpty()) {
                    start = System.nanoTime();
                    first = batch.count();
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (decoder != null) {
                        decoder.decode(w.input, r.value(), reading);
                        checksum += reading.sensor();
                    } else {
                        checksum += r.value().length;
                    }
                }
                count += batch.count();
            }
            double rate = (records - first) / ((System.nanoTime() - start) / 1e9);
            if (checksum == 0) {
                throw new IllegalStateException("read nothing from " + w.input);
            }
            return rate;
        }
    }

    /** The scorer's own decoder, built as ScoringTopology builds it. */
    static SensorReadingDecoder decoder(Workload w) {
        Map<String, Object> serde = Map.of("schema.registry.url", w.registry);
        return new SensorReadingDecoder(new AvroSerdeConfig(serde).createRegistryClient(),
                AvroSerdes.specific(SensorReading.class, serde, false).deserializer());
    }

    private CommitProgress.Measured passThrough(int threads) throws Exception {
        Topology topology = new Topology();
        topology.addSource("source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), w.input);
        topology.addProcessor("discard", Discard::new, "source");
        String app = w.unique("bench-pass");
        Properties props = BenchStreamsConfig.of(w, app, threads);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            long started = System.nanoTime();
            streams.start();
            CommitProgress.Measured m = CommitProgress.measure(w, app, started, progress);
            streams.close(Duration.ofSeconds(30));
            return m;
        }
    }

    /** Reads and drops: the framework's cost per record with nothing of ours in it. */
    private static final class Discard extends ContextualProcessor<byte[], byte[], Void, Void> {
        @Override
        public void process(Record<byte[], byte[]> record) {
            // nothing: no state, no output
        }
    }
}
