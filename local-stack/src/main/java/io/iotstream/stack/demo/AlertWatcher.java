package io.iotstream.stack.demo;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import io.iotstream.tools.alerts.AlertLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alerts topic from its current end on a thread of its own, keeps count, and prints what a person
 * wants to read: every ATTENTION and RECOVERY, and a STATUS alert of a device in attention only when a different
 * model scored it than in the device's last printed line (so a live model swap shows, once per device).
 */
final class AlertWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Alert> deserializer;
    private final PrintWriter out;
    private final Thread thread;
    private final Map<AlertKind, Long> counts = new EnumMap<>(AlertKind.class);
    /** model version -> devices it found in attention, in the order versions were first seen */
    private final Map<String, Set<String>> attentionByVersion = new LinkedHashMap<>();
    private final Map<String, String> lastShownVersion = new HashMap<>();
    private long undecodable;
    private volatile RuntimeException failure;

    AlertWatcher(String bootstrapServers, String schemaRegistryUrl, String topic, PrintWriter out) {
        this.out = out;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "iotstream-demo-alerts");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the scorer is exactly-once: show only what it committed
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.deserializer = AvroSerdes.specific(Alert.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl), false).deserializer();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the end offsets now, so that nothing the scorer sends from here on is missed
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::follow, "demo-alerts");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r);
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        Alert alert;
        try {
            alert = deserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            alert = null;
        }
        if (alert == null) {
            synchronized (this) {
                undecodable++;
            }
            synchronized (out) {
                out.println("  alert  " + AlertLines.undecodable(r.topic(), r.partition(), r.offset(),
                        new IllegalArgumentException("not an Alert")));
                out.flush();
            }
            return;
        }
        String version = alert.getModelVersion();
        String device = alert.getDeviceId();
        boolean newVersion;
        boolean show;
        synchronized (this) {
            counts.merge(alert.getKind(), 1L, Long::sum);
            newVersion = !attentionByVersion.containsKey(version);
            Set<String> devices = attentionByVersion.computeIfAbsent(version, v -> new TreeSet<>());
            if (alert.getAttentionNeeded()) {
                devices.add(device);
            }
            show = alert.getKind() != AlertKind.STATUS
                    || alert.getAttentionNeeded() && !version.equals(lastShownVersion.get(device));
            if (show) {
                lastShownVersion.put(device, version);
            }
        }
        synchronized (out) {
            if (newVersion && attentionByVersion.size() > 1) {
                out.println("  >>> the scorer now serves model " + alert.getModelName() + " " + version
                        + ", switched live without a restart");
            }
            if (show) {
                out.println("  alert  " + AlertLines.text(alert));
            }
            out.flush();
        }
    }

    /** Alerts seen so far, by kind. */
    synchronized Map<AlertKind, Long> counts() {
        Map<AlertKind, Long> copy = new EnumMap<>(AlertKind.class);
        copy.putAll(counts);
        return copy;
    }

    synchronized long undecodable() {
        return undecodable;
    }

    /** Model versions in the order the alerts showed them, each with the devices it found in attention. */
    synchronized Map<String, Set<String>> attentionByVersion() {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        attentionByVersion.forEach((v, d) -> copy.put(v, new TreeSet<>(d)));
        return copy;
    }

    /** Every device some alert found in attention. */
    synchronized Set<String> devicesInAttention() {
        Set<String> all = new TreeSet<>();
        attentionByVersion.values().forEach(all::addAll);
        return all;
    }

    /** The devices {@code version} found in attention so far. */
    synchronized Set<String> devicesInAttention(String version) {
        return new TreeSet<>(attentionByVersion.getOrDefault(version, Set.of()));
    }

    /** Fails if the consumer thread died. */
    void check() {
        RuntimeException e = failure;
        if (e != null) {
            throw new IllegalStateException("reading the alerts failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
        }
        deserializer.close();
    }
}
