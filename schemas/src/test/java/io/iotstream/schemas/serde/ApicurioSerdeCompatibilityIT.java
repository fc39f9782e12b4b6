package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.devservices.ApicurioRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Byte compatibility with a decoder this project did not write: Apicurio Registry's own Kafka serde,
 * configured for the Confluent framing (magic byte 0 + 4-byte content id), against the same registry. The serde
 * (3.x) speaks the registry's v3 API to Apicurio Registry 3.x (on a Java 21+) and its v2 API to the 2.6 fallback
 * that runs on Java 17, so the test holds on both machines the README promises to work on.
 */
class ApicurioSerdeCompatibilityIT {

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.shared();
    }

    /** Our serdes: the Confluent API of the registry. */
    private static Map<String, Object> ourConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.ccompatUrl());
    }

    /**
     * Apicurio's serdes: the registry's own API (v3 on 3.x, v2 on the 2.x fallback; the serde picks its client by
     * the URL), ids in the payload (not in headers), 4 bytes after a 0 magic byte, and the id is the content id,
     * which is the id the Confluent API hands out.
     */
    static Map<String, Object> apicurioConfig() {
        Map<String, Object> config = new HashMap<>();
        String api = registry.version().startsWith("2.") ? "/apis/registry/v2" : "/apis/registry/v3";
        config.put("apicurio.registry.url", registry.baseUrl() + api);
        config.put("apicurio.registry.headers.enabled", false);
        config.put("apicurio.registry.id-handler", Default4ByteIdHandler.class.getName());
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.auto-register", true);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }

    @Test
    void apicuriosDeserializerReadsOurBytes() {
        String topic = "it-ours-" + UUID.randomUUID();
        List<SensorReading> readings = TestRecords.benchmarkReadings("dev-1");
        Alert alert = TestRecords.alert("dev-1");
        try (Serde<SensorReading> ourReadings = AvroSerdes.specific(SensorReading.class, ourConfig(), false);
             Serde<Alert> ourAlerts = AvroSerdes.specific(Alert.class, ourConfig(), false);
             AvroKafkaDeserializer<Object> theirs = new AvroKafkaDeserializer<>()) {
            theirs.configure(apicurioConfig(), false);

            for (SensorReading reading : readings) {
                byte[] ours = ourReadings.serializer().serialize(topic, reading);
                assertThat(theirs.deserialize(topic, ours)).isEqualTo(reading);
            }
            byte[] ourAlert = ourAlerts.serializer().serialize(topic + "-alerts", alert);
            assertThat(theirs.deserialize(topic + "-alerts", ourAlert)).isEqualTo(alert);
        }
    }

    @Test
    void weReadApicuriosBytesAndTheyAreByteForByteOurs() {
        String topic = "it-theirs-" + UUID.randomUUID();
        List<SensorReading> readings = TestRecords.benchmarkReadings("dev-2");
        try (AvroKafkaSerializer<SensorReading> theirs = new AvroKafkaSerializer<>();
             Serde<SensorReading> ours = AvroSerdes.specific(SensorReading.class, ourConfig(), false)) {
            theirs.configure(apicurioConfig(), false);

            for (SensorReading reading : readings) {
                byte[] theirBytes = theirs.serialize(topic, reading);

                assertThat(theirBytes[0]).as("magic byte").isZero();
                assertThat(ours.deserializer().deserialize(topic, theirBytes)).isEqualTo(reading);
                byte[] ourBytes = ours.serializer().serialize(topic, reading);
                assertThat(Arrays.copyOfRange(theirBytes, 5, theirBytes.length))
                        .as("Avro body").isEqualTo(Arrays.copyOfRange(ourBytes, 5, ourBytes.length));
                // Both registered the same content under <topic>-value: the same content id, the same bytes.
                assertThat(theirBytes).isEqualTo(ourBytes);
            }
        }
    }
}
