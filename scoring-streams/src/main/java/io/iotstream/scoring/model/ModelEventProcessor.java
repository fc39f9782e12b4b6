package io.iotstream.scoring.model;

import io.iotstream.schemas.model.ModelEvent;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of model events (latest event per model name, read by every instance from the
 * compacted model-events topic) and tells the {@link ModelHolder} when its model was announced.
 *
 * <p>At start, Kafka Streams restores a global store straight from the topic without calling {@link #process};
 * {@link #init} therefore looks at the restored event of this instance's model once, so an announcement made
 * while the instance was down is not missed.
 */
public final class ModelEventProcessor implements Processor<String, String, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelEventProcessor.class);

    private final String storeName;
    private final ModelHolder models;
    private KeyValueStore<String, String> store;

    public ModelEventProcessor(String storeName, ModelHolder models) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.models = Objects.requireNonNull(models, "models");
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        String restored = store.get(models.ref().name());
        if (restored != null) {
            handle(restored);
        }
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        if (record.key().equals(models.ref().name())) {
            handle(record.value());
        }
    }

    private void handle(String value) {
        ModelEvent event;
        try {
            event = ModelEvent.parse(value);
        } catch (IllegalArgumentException e) {
            // A broken announcement must not stop the global thread; the poller still finds the model.
            LOG.warn("Ignoring a model event for {}: {}", models.ref().name(), e.getMessage());
            return;
        }
        models.onEvent(event);
    }
}
