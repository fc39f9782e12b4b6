package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.registry.MockSchemaRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeRoundTripTest {

    private static final String TOPIC = "iot.sensor-readings.v1";
    private final String scope = "round-trip-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void sensorReadingsFromTheBenchmarkSimulatorRoundTrip() {
        List<SensorReading> readings = TestRecords.benchmarkReadings("dev-1");
        assertThat(readings).hasSize(5);
        try (Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, config, false)) {
            for (SensorReading reading : readings) {
                byte[] bytes = serde.serializer().serialize(TOPIC, reading);
                assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(reading);
            }
        }
        assertThat(readings.get(0).getSensor()).isEqualTo(77);
        assertThat(readings.get(0).getEventTime()).isEqualTo(Instant.parse("2018-01-13T21:37:30.830Z"));
    }

    @Test
    void sensorFramesWithAndWithoutLabelRoundTrip() {
        try (Serde<SensorFrame> serde = AvroSerdes.specific(SensorFrame.class, config, false)) {
            for (SensorFrame frame : List.of(TestRecords.frame("dev-2", 1, 0.1, 0.2, 0.3),
                    TestRecords.frame("dev-2", null, 0.4), TestRecords.frame("dev-2", null))) {
                byte[] bytes = serde.serializer().serialize("iot.sensor-frames.v1", frame);
                assertThat(serde.deserializer().deserialize("iot.sensor-frames.v1", bytes)).isEqualTo(frame);
            }
        }
    }

    @Test
    void alertsWithTopSensorsRoundTrip() {
        Alert alert = TestRecords.alert("dev-3");
        try (Serde<Alert> serde = AvroSerdes.specific(Alert.class, config, false)) {
            byte[] bytes = serde.serializer().serialize("iot.alerts.v1", alert);
            Alert read = serde.deserializer().deserialize("iot.alerts.v1", bytes);

            assertThat(read).isEqualTo(alert);
            assertThat(read.getTopSensors().get(0).getContribution()).isEqualTo(9.7);
        }
    }

    @Test
    void nullSerializesToNullAndNullBytesDeserializeToNullForTombstones() {
        try (Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, config, false)) {
            assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void registersValueSchemasUnderTopicValueAndKeySchemasUnderTopicKey() {
        SensorReading reading = TestRecords.reading("dev-1", 1, 0.5, TestRecords.EVENT_TIME);
        try (Serde<SensorReading> values = AvroSerdes.specific(SensorReading.class, config, false);
             Serde<SensorReading> keys = AvroSerdes.specific(SensorReading.class, config, true)) {
            values.serializer().serialize(TOPIC, reading);
            keys.serializer().serialize("iot.keyed.v1", reading);
        }
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        assertThat(registry.versions(TOPIC + "-value")).containsExactly(SensorReading.getClassSchema());
        assertThat(registry.versions("iot.keyed.v1-key")).containsExactly(SensorReading.getClassSchema());
        assertThat(registry.versions(TOPIC + "-key")).isEmpty();
    }

    @Test
    void callsTheRegistryOncePerSchemaAndThenOnlyUsesItsCaches() {
        CountingRegistry registry = new CountingRegistry(MockSchemaRegistry.forScope(scope));
        try (AvroSerializer<SensorReading> serializer = new AvroSerializer<>(registry);
             AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(SensorReading.class, registry)) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            for (int i = 0; i < 1000; i++) {
                SensorReading reading = TestRecords.reading("dev-" + (i % 7), 1 + i % 100, i / 1000.0,
                        TestRecords.EVENT_TIME.plusMillis(i));
                assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, reading))).isEqualTo(reading);
            }
        }
        assertThat(registry.registers).hasValue(1);
        assertThat(registry.fetches).hasValue(1);
    }

    @Test
    void genericSerdeWritesAnyRecordAndReadsItWithTheWritersSchema() {
        Alert alert = TestRecords.alert("dev-4");
        byte[] bytes;
        try (Serde<Alert> specific = AvroSerdes.specific(Alert.class, config, false)) {
            bytes = specific.serializer().serialize("iot.alerts.v1", alert);
        }
        try (Serde<GenericRecord> generic = AvroSerdes.generic(config, false)) {
            GenericRecord record = generic.deserializer().deserialize("iot.alerts.v1", bytes);

            assertThat(record.getSchema()).isEqualTo(Alert.getClassSchema());
            assertThat(record.get("deviceId").toString()).isEqualTo("dev-4");
            assertThat(record.get("eventTime")).isEqualTo(TestRecords.EVENT_TIME.toEpochMilli());
            assertThat(record.get("kind").toString()).isEqualTo("ATTENTION");
            assertThat(record.toString()).contains("\"modelName\": \"lr-100\"");

            // and a generic record written back is byte-for-byte what the generated class wrote
            assertThat(generic.serializer().serialize("iot.alerts.v1", record)).isEqualTo(bytes);
        }
    }

    @Test
    void genericRecordsWithTheGeneratedClassesSchemaSerializeLikeTheGeneratedClass() {
        SensorReading reading = TestRecords.reading("dev-1", 7, 0.5, TestRecords.EVENT_TIME);
        GenericRecord generic = new GenericData.Record(SensorReading.getClassSchema());
        generic.put("deviceId", "dev-1");
        generic.put("sensor", 7);
        generic.put("value", 0.5);
        generic.put("eventTime", TestRecords.EVENT_TIME.toEpochMilli());
        try (AvroSerializer<org.apache.avro.generic.GenericContainer> serializer = new AvroSerializer<>()) {
            serializer.configure(config, false);
            // the same schema instance, first as a generated class then as a generic record: each gets its own writer
            byte[] fromSpecific = serializer.serialize(TOPIC, reading);
            byte[] fromGeneric = serializer.serialize(TOPIC, generic);
            assertThat(fromGeneric).isEqualTo(fromSpecific);
            assertThat(serializer.serialize(TOPIC, reading)).isEqualTo(fromSpecific);
        }
    }

    @Test
    void serdesCreatedByClassNameReadGeneratedClassesWhenSpecificAvroReaderIsTrue() {
        Map<String, Object> props = new HashMap<>(config);
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, "true");
        SensorReading reading = TestRecords.reading("dev-1", 3, 0.25, TestRecords.EVENT_TIME);
        try (Serializer<SensorReading> serializer = newInstance(AvroSerializer.class);
             Deserializer<Object> specific = newInstance(AvroDeserializer.class);
             Deserializer<Object> generic = newInstance(AvroDeserializer.class)) {
            serializer.configure(props, false);
            specific.configure(props, false);
            generic.configure(config, false);
            byte[] bytes = serializer.serialize(TOPIC, reading);

            assertThat(specific.deserialize(TOPIC, bytes)).isEqualTo(reading);
            assertThat(generic.deserialize(TOPIC, bytes)).isInstanceOf(GenericData.Record.class);
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearErrorAndARegisteredOneIsUsed() {
        Map<String, Object> props = new HashMap<>(config);
        props.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);
        SensorReading reading = TestRecords.reading("dev-1", 3, 0.25, TestRecords.EVENT_TIME);
        try (AvroSerializer<SensorReading> serializer = new AvroSerializer<>()) {
            serializer.configure(props, false);

            assertThatThrownBy(() -> serializer.serialize(TOPIC, reading))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not registered under subject '" + TOPIC + "-value'")
                    .hasMessageContaining("auto.register.schemas=false");

            int id = MockSchemaRegistry.forScope(scope).register(TOPIC + "-value", SensorReading.getClassSchema());
            byte[] bytes = serializer.serialize(TOPIC, reading);
            assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        }
    }

    @Test
    void nullInANonNullableFieldIsASerializationExceptionNamingTheTopic() {
        SensorReading broken = TestRecords.reading("dev-1", 3, 0.25, TestRecords.EVENT_TIME);
        broken.setDeviceId(null);
        try (Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, config, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, broken))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("io.iotstream.schemas.SensorReading")
                    .hasMessageContaining(TOPIC)
                    .hasMessageContaining("deviceId");
        }
    }

    @Test
    void aRecordThatFailsHalfwayLeavesNothingBehindForTheNextRecordOnTheThread() {
        Alert valid = TestRecords.alert("dev-1");
        Alert broken = TestRecords.alert("dev-1");
        broken.setModelName(null); // fails after deviceId, kind, probability and attentionNeeded were encoded
        try (Serde<Alert> serde = AvroSerdes.specific(Alert.class, config, false)) {
            byte[] expected = serde.serializer().serialize("iot.alerts.v1", valid);
            assertThatThrownBy(() -> serde.serializer().serialize("iot.alerts.v1", broken))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("modelName");

            assertThat(serde.serializer().serialize("iot.alerts.v1", valid)).isEqualTo(expected);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> T newInstance(Class type) {
        try {
            return (T) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
