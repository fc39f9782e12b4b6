package io.iotstream.scoring.errors;

import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the exception handlers read from the Kafka Streams configuration they are created with: the dead-letter
 * topic (KIP-1034's {@code errors.dead.letter.queue.topic.name}) and, passed as objects, the metrics and the model
 * holder. Kafka Streams creates handlers by class name, so this is the way in.
 */
final class HandlerSettings {

    /** Key under which the configuration carries the {@link ModelHolder}, for the model id of a dead letter. */
    static final String MODELS_KEY = ModelHolder.CONFIG_KEY;

    final String deadLetterTopic;
    final ScoringMetrics metrics;
    final ModelHolder models;

    private HandlerSettings(String deadLetterTopic, ScoringMetrics metrics, ModelHolder models) {
        this.deadLetterTopic = deadLetterTopic;
        this.metrics = metrics;
        this.models = models;
    }

    static HandlerSettings from(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (!(topic instanceof String t) || t.isBlank()) {
            throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic,
                    "the scorer's exception handlers need a dead-letter topic: set error.topic");
        }
        Object metrics = configs.get(ScoringMetrics.CONFIG_KEY);
        Object models = configs.get(MODELS_KEY);
        return new HandlerSettings(t,
                metrics instanceof ScoringMetrics m ? m : ScoringMetrics.inMemory(),
                models instanceof ModelHolder h ? h : null);
    }

    String modelId() {
        return models == null ? null : models.currentId();
    }
}
