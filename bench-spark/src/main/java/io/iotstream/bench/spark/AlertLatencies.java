package io.iotstream.bench.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import scala.Tuple3;

/**
 * The latency variant's sink, on the driver (foreachBatch), one micro-batch at a time. Each alert's latency at the
 * driver is the moment its micro-batch's alerts arrive there minus the event time of the newest reading in its
 * score (one machine, one clock). With an alerts topic, each alert then goes to Kafka as well (key the device, value
 * that event time, 8 bytes), flushed before the batch ends, so that the bench can take the latency where it takes
 * the scorer's: at a consumer of the alerts topic. Readers of {@link #sorted} synchronize on the instance.
 */
final class AlertLatencies implements VoidFunction2<Dataset<Tuple3<String, Double, Long>>, Long>, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final List<Long> latencies = new ArrayList<>();
    private final String alertsTopic;
    private final Map<String, Object> producerConfig;
    private transient KafkaProducer<String, Long> producer;

    /**
     * @param alertsTopic where alerts go too, or null for the driver's figures only
     * @param producerConfig the alerts producer's settings (bootstrap servers, the user's client settings)
     */
    AlertLatencies(String alertsTopic, Map<String, Object> producerConfig) {
        this.alertsTopic = alertsTopic;
        this.producerConfig = producerConfig;
    }

    @Override
    public void call(Dataset<Tuple3<String, Double, Long>> alerts, Long batchId) {
        List<Tuple3<String, Double, Long>> rows = alerts.collectAsList();
        long now = System.currentTimeMillis();
        synchronized (this) {
            for (Tuple3<String, Double, Long> alert : rows) {
                latencies.add(now - alert._3());
            }
        }
        if (alertsTopic != null && !rows.isEmpty()) {
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new LongSerializer());
            }
            for (Tuple3<String, Double, Long> alert : rows) {
                producer.send(new ProducerRecord<>(alertsTopic, alert._1(), alert._3()));
            }
            producer.flush();
        }
    }

    synchronized long[] sorted() {
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
