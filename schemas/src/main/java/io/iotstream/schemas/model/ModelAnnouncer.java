package io.iotstream.schemas.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Announces a promotion on the compacted model-events topic ({@link ModelEvent}, key = model name), so that
 * running scorers re-read the live pointer at once rather than at their next poll. Promote first, then announce:
 * the event only tells scorers to look. The one announcer of the project (retrain, the demo): acks from all in-sync
 * replicas and an idempotent producer, so an announced event is on the topic once, whatever the retries.
 */
public final class ModelAnnouncer {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ModelAnnouncer() {
    }

    /**
     * Sends one event and waits until the broker has it.
     *
     * @param clientSettings Kafka client settings ({@code bootstrap.servers}, security), e.g. from
     *                       {@code KafkaClientProperties.merge}
     * @return where the event went, {@code topic-partition@offset}
     * @throws IllegalStateException naming the topic and the cause, if the broker did not take it in time
     */
    public static String announce(Map<String, Object> clientSettings, String topic, ModelEvent event) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "iotstream-model-announcer");
        // Bounded: a job that announces must end. (delivery.timeout.ms must cover linger.ms + request.timeout.ms.)
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) TIMEOUT.toMillis());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, event.key(), event.toJson()))
                    .get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return sent.topic() + "-" + sent.partition() + "@" + sent.offset();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("could not announce " + event.name() + ":" + event.version() + " on "
                    + topic + ": " + cause + ": check --bootstrap-servers, the client settings and that the topic "
                    + "exists", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing " + event.name(), e);
        }
    }
}
