package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.registry.MockSchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka Streams may call one serde instance from several stream threads. */
class ConcurrentSerdeTest {

    private final String scope = "concurrent-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void oneSerializerAndDeserializerSharedByManyThreadsWithMixedSchemasAndTopicsStayCorrect() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try (AvroSerializer<GenericContainer> serializer = new AvroSerializer<>();
             AvroDeserializer<GenericRecord> deserializer = AvroDeserializer.generic()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < perThread; i++) {
                        boolean reading = (i + thread) % 3 != 0;
                        GenericContainer record = reading
                                ? TestRecords.reading("dev-" + thread, 1 + i % 100, i, TestRecords.EVENT_TIME.plusMillis(i))
                                : TestRecords.alert("dev-" + thread + "-" + i);
                        String topic = reading ? "readings-" + (i % 2) : "alerts";
                        GenericRecord read = deserializer.deserialize(topic, serializer.serialize(topic, record));
                        assertThat(read.getSchema()).isEqualTo(record.getSchema());
                        assertThat(read.get("deviceId").toString())
                                .isEqualTo(reading ? "dev-" + thread : "dev-" + thread + "-" + i);
                        if (reading) {
                            assertThat(read.get("value")).isEqualTo((double) i);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(perThread);
            }
        } finally {
            pool.shutdownNow();
        }
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        assertThat(registry.versions("readings-0-value")).containsExactly(SensorReading.getClassSchema());
        assertThat(registry.versions("alerts-value")).containsExactly(Alert.getClassSchema());
    }
}
