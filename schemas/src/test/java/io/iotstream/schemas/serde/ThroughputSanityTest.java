package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.registry.MockSchemaRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prints the single-thread round-trip rate of the hot path; asserts correctness only, never timing. */
class ThroughputSanityTest {

    private final String scope = "throughput-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void serializesAndDeserializesAMillionSensorReadingsWithoutRegistryCallsPerRecord() {
        int n = 1_000_000;
        SensorReading[] readings = new SensorReading[1024];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = TestRecords.reading("device-" + (i % 64), 1 + i % 100, i / 1024.0,
                    TestRecords.EVENT_TIME.plusMillis(i));
        }
        try (Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope), false)) {
            byte[][] encoded = new byte[readings.length][];
            long bytes = 0;
            long expectedSensors = 0;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] data = serde.serializer().serialize("iot.sensor-readings.v1", readings[i & 1023]);
                bytes += data.length;
                encoded[i & 1023] = data;
                expectedSensors += readings[i & 1023].getSensor();
            }
            long serialized = System.nanoTime();
            long sensors = 0;
            for (int i = 0; i < n; i++) {
                sensors += serde.deserializer().deserialize("iot.sensor-readings.v1", encoded[i & 1023]).getSensor();
            }
            long deserialized = System.nanoTime();
            System.out.printf("ThroughputSanityTest: %d SensorReadings (%.1f bytes each), one thread: "
                    + "serialize %.0f/s, deserialize %.0f/s%n", n, bytes / (double) n,
                    n / ((serialized - start) / 1e9), n / ((deserialized - serialized) / 1e9));
            assertThat(sensors).isEqualTo(expectedSensors);
        }
    }
}
