package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.registry.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroDeserializerErrorsTest {

    private static final String TOPIC = "iot.sensor-readings.v1";
    private final String scope = "errors-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);
    private Serde<SensorReading> serde;
    private byte[] valid;

    @BeforeEach
    void setUp() {
        serde = AvroSerdes.specific(SensorReading.class, config, false);
        valid = serde.serializer().serialize(TOPIC,
                TestRecords.reading("device-with-a-long-name", 100, 0.123, TestRecords.EVENT_TIME));
    }

    @AfterEach
    void tearDown() {
        serde.close();
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void wrongMagicByteSaysWhatWasFoundAndThatTheDataIsNotConfluentFramedAvro() {
        byte[] json = "{\"deviceId\":\"dev-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("first byte is 0x7B ('{')")
                .hasMessageContaining("isn't Confluent-framed Avro")
                .hasMessageContaining("dead-letter");
    }

    @Test
    void fewerThanFiveBytesIsATruncatedRecordError() {
        for (int length = 0; length < 5; length++) {
            byte[] shortRecord = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, shortRecord))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic '" + TOPIC + "'")
                    .hasMessageContaining("only " + length + " bytes, fewer than the 5-byte Confluent header");
        }
    }

    @Test
    void aTruncatedAvroBodyIsAnErrorAtEveryCutNeverAWrongRecord() {
        for (int length = 5; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                    .as("cut after %d of %d bytes", length, valid.length)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic '" + TOPIC + "'")
                    .hasMessageContaining("truncated");
        }
        assertThat(serde.deserializer().deserialize(TOPIC, valid).getDeviceId()).isEqualTo("device-with-a-long-name");
    }

    @Test
    void anUnknownSchemaIdNamesTheIdTheRegistryAndWhatToDo() {
        byte[] unknownId = valid.clone();
        unknownId[1] = 0x01; // id 0x01000001

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, unknownId))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("schema id 16777217 is unknown to the schema registry at mock://" + scope)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void aRecordOfAnotherTypeIsRejectedWithBothSchemaNames() {
        byte[] alert;
        try (Serde<Alert> alerts = AvroSerdes.specific(Alert.class, config, false)) {
            alert = alerts.serializer().serialize("iot.alerts.v1", TestRecords.alert("dev-1"));
        }

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, alert))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("(io.iotstream.schemas.Alert), which cannot be read as "
                        + "io.iotstream.schemas.SensorReading");
    }

    @Test
    void aMalformedAvroBodyIsASerializationException() {
        byte[] negativeLength = valid.clone();
        negativeLength[5] = 0x01; // string length -1 (zigzag)

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, negativeLength))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("schema id");
    }
}
