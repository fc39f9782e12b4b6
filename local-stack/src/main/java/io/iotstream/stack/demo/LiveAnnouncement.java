package io.iotstream.stack.demo;

import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.model.ModelAnnouncer;
import io.iotstream.schemas.model.ModelEvent;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * After a promotion, writes the model event (name, live version, store, checksum) to the compacted model-events
 * topic (through the project's one {@link ModelAnnouncer}), so that the scorer re-reads the live pointer at once
 * instead of at its next poll. The checksum comes from the store's live pointer: the event announces what is live,
 * never what the demo thinks it promoted.
 */
final class LiveAnnouncement {

    private LiveAnnouncement() {
    }

    /** Announces the live version of {@link DemoPlan#MODEL_NAME}; returns the event written. */
    static ModelEvent announce(DemoPlan plan) throws Exception {
        StackEndpoints stack = plan.stack();
        StoreOptions options = StoreOptions.defaults()
                .withS3Endpoint(URI.create(stack.s3Endpoint()))
                .withS3PathStyle(true)
                .withRegion(stack.s3Region())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.s3AccessKey(),
                        stack.s3SecretKey())));
        LivePointer live;
        try (ModelStore store = ModelStores.open(DemoPlan.STORE_URI, options)) {
            live = store.live(DemoPlan.MODEL_NAME).orElseThrow(() -> new IllegalStateException(
                    "no live version of " + DemoPlan.MODEL_NAME + " in " + DemoPlan.STORE_URI + " to announce"));
        }
        ModelEvent event = new ModelEvent(DemoPlan.MODEL_NAME, live.version(), DemoPlan.STORE_URI, live.checksum());
        ModelAnnouncer.announce(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(), ProducerConfig.CLIENT_ID_CONFIG, "iotstream-demo-announcer"),
                DemoPlan.MODEL_EVENTS_TOPIC, event);
        return event;
    }
}
