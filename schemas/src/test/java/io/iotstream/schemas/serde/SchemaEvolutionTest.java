package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.registry.IncompatibleSchemaException;
import io.iotstream.schemas.registry.MockSchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records written with an older or newer compatible schema decode; incompatible schemas are refused. */
class SchemaEvolutionTest {

    private static final String TOPIC = "iot.sensor-readings.v1";
    private final String scope = "evolution-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);
    private final SensorReading reading = TestRecords.reading("dev-1", 7, 0.5, TestRecords.EVENT_TIME);

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void aRecordWrittenWithANewerSchemaThatAddedAFieldIsReadByTheOldGeneratedClass() {
        try (Serde<SensorReading> v1 = AvroSerdes.specific(SensorReading.class, config, false);
             Serde<GenericRecord> v2 = AvroSerdes.generic(config, false)) {
            v1.serializer().serialize(TOPIC, reading); // v1 registered first, as in production
            byte[] newer = v2.serializer().serialize(TOPIC, readingWithUnit("kPa"));

            assertThat(WireFormat.schemaId(newer)).isEqualTo(2);
            assertThat(v1.deserializer().deserialize(TOPIC, newer)).isEqualTo(reading);
        }
        assertThat(MockSchemaRegistry.forScope(scope).versions(TOPIC + "-value")).hasSize(2);
    }

    @Test
    void aRecordWrittenWithTheOlderSchemaIsReadByTheNewSchemaWithTheFieldsDefault() {
        try (Serde<SensorReading> v1 = AvroSerdes.specific(SensorReading.class, config, false);
             Serde<GenericRecord> v2 = AvroSerdes.generic(SchemaVariants.readingWithUnit(), config, false)) {
            byte[] older = v1.serializer().serialize(TOPIC, reading);

            GenericRecord read = v2.deserializer().deserialize(TOPIC, older);

            assertThat(read.getSchema()).isEqualTo(SchemaVariants.readingWithUnit());
            assertThat(read.get("unit").toString()).isEmpty();
            assertThat(read.get("value")).isEqualTo(0.5);
            assertThat(read.get("eventTime")).isEqualTo(TestRecords.EVENT_TIME.toEpochMilli());
        }
    }

    @Test
    void anIncompatibleSchemaChangeIsRefusedNamingTheSubjectAndCompatibilityLevel() {
        GenericRecord stringValue = new GenericData.Record(SchemaVariants.readingWithStringValue());
        stringValue.put("deviceId", "dev-1");
        stringValue.put("sensor", 7);
        stringValue.put("value", "0.5");
        stringValue.put("eventTime", TestRecords.EVENT_TIME.toEpochMilli());
        try (Serde<SensorReading> v1 = AvroSerdes.specific(SensorReading.class, config, false);
             Serde<GenericRecord> incompatible = AvroSerdes.generic(config, false)) {
            v1.serializer().serialize(TOPIC, reading);

            assertThatThrownBy(() -> incompatible.serializer().serialize(TOPIC, stringValue))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic '" + TOPIC + "'")
                    .hasMessageContaining("incompatible")
                    .hasMessageContaining("subject '" + TOPIC + "-value'")
                    .hasMessageContaining("compatibility level BACKWARD")
                    .hasCauseInstanceOf(IncompatibleSchemaException.class);
        }
    }

    @Test
    void anAlertKindAddedLaterIsReadAsTheEnumDefaultUnknownByOldReaders() {
        Schema v2 = SchemaVariants.alertWithMaintenanceKind();
        Alert alert = TestRecords.alert("dev-9");
        GenericRecord v1Generic = genericCopy(alert);
        GenericRecord maintenance = new GenericData.Record(v2);
        for (Schema.Field field : v2.getFields()) {
            maintenance.put(field.name(), v1Generic.get(field.name()));
        }
        maintenance.put("kind", new GenericData.EnumSymbol(v2.getField("kind").schema(), "MAINTENANCE"));
        maintenance.put("topSensors", List.of());
        try (Serde<Alert> v1 = AvroSerdes.specific(Alert.class, config, false);
             Serde<GenericRecord> newer = AvroSerdes.generic(config, false)) {
            v1.serializer().serialize("iot.alerts.v1", alert);
            byte[] bytes = newer.serializer().serialize("iot.alerts.v1", maintenance);

            Alert read = v1.deserializer().deserialize("iot.alerts.v1", bytes);

            assertThat(read.getKind()).isEqualTo(AlertKind.UNKNOWN);
            assertThat(read.getDeviceId()).isEqualTo("dev-9");
            assertThat(read.getTopSensors()).isEmpty();
        }
    }

    private static GenericRecord readingWithUnit(String unit) {
        GenericRecord record = new GenericData.Record(SchemaVariants.readingWithUnit());
        record.put("deviceId", "dev-1");
        record.put("sensor", 7);
        record.put("value", 0.5);
        record.put("eventTime", TestRecords.EVENT_TIME.toEpochMilli());
        record.put("unit", unit);
        return record;
    }

    /** The alert as a generic record with raw Avro values (timestamps as long). */
    private static GenericRecord genericCopy(Alert alert) {
        try (Serde<Alert> specific = AvroSerdes.specific(Alert.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://generic-copy"), false);
             Serde<GenericRecord> generic = AvroSerdes.generic(
                     Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://generic-copy"), false)) {
            return generic.deserializer().deserialize("copy", specific.serializer().serialize("copy", alert));
        } finally {
            MockSchemaRegistry.dropScope("generic-copy");
        }
    }
}
