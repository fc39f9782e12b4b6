package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import io.iotstream.schemas.registry.IncompatibleSchemaException;
import io.iotstream.devservices.ApicurioRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serdes against a real registry (Apicurio's Confluent-compatible API, global compatibility BACKWARD). */
class RealRegistrySerdeIT {

    private static ApicurioRegistry registry;
    private final String topic = "it.sensor-readings." + UUID.randomUUID();
    private final SensorReading reading = TestRecords.reading("dev-1", 7, 0.5, TestRecords.EVENT_TIME);

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.shared();
    }

    private static Map<String, Object> config() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.ccompatUrl());
    }

    @Test
    void registersWritesAndReadsSensorReadings() {
        try (Serde<SensorReading> writer = AvroSerdes.specific(SensorReading.class, config(), false);
             Serde<SensorReading> reader = AvroSerdes.specific(SensorReading.class, config(), false)) {
            for (SensorReading r : TestRecords.benchmarkReadings("dev-1")) {
                assertThat(reader.deserializer().deserialize(topic, writer.serializer().serialize(topic, r))).isEqualTo(r);
            }
        }
    }

    @Test
    void aSchemaEvolvedByAddingAFieldWithADefaultIsReadableBothWays() {
        GenericRecord withUnit = new GenericData.Record(SchemaVariants.readingWithUnit());
        withUnit.put("deviceId", "dev-1");
        withUnit.put("sensor", 7);
        withUnit.put("value", 0.5);
        withUnit.put("eventTime", TestRecords.EVENT_TIME.toEpochMilli());
        withUnit.put("unit", "kPa");
        try (Serde<SensorReading> v1 = AvroSerdes.specific(SensorReading.class, config(), false);
             Serde<GenericRecord> v2 = AvroSerdes.generic(SchemaVariants.readingWithUnit(), config(), false)) {
            byte[] old = v1.serializer().serialize(topic, reading);
            byte[] newer = v2.serializer().serialize(topic, withUnit);
            assertThat(WireFormat.schemaId(newer)).isNotEqualTo(WireFormat.schemaId(old));

            // old reader, newer data: the new field is skipped
            assertThat(v1.deserializer().deserialize(topic, newer)).isEqualTo(reading);
            // new reader, old data: the new field gets its default
            GenericRecord upgraded = v2.deserializer().deserialize(topic, old);
            assertThat(upgraded.get("unit").toString()).isEmpty();
            assertThat(upgraded.get("sensor")).isEqualTo(7);
            assertThat(v2.deserializer().deserialize(topic, newer).get("unit").toString()).isEqualTo("kPa");
        }
    }

    @Test
    void anIncompatibleChangeGetsTheRegistrys409AsAClearSerializationException() {
        GenericRecord stringValue = new GenericData.Record(SchemaVariants.readingWithStringValue());
        stringValue.put("deviceId", "dev-1");
        stringValue.put("sensor", 7);
        stringValue.put("value", "0.5");
        stringValue.put("eventTime", TestRecords.EVENT_TIME.toEpochMilli());
        try (Serde<SensorReading> v1 = AvroSerdes.specific(SensorReading.class, config(), false);
             Serde<GenericRecord> breaking = AvroSerdes.generic(config(), false)) {
            v1.serializer().serialize(topic, reading);

            assertThatThrownBy(() -> breaking.serializer().serialize(topic, stringValue))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic '" + topic + "'")
                    .hasMessageContaining("incompatible with the schemas already under the subject at the subject's "
                            + "compatibility level BACKWARD")
                    .hasMessageContaining("subject '" + topic + "-value'")
                    .hasMessageContaining("HTTP 409")
                    .cause().isInstanceOfSatisfying(IncompatibleSchemaException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(409));
        }
    }

    @Test
    void aRecordWithAnIdTheRegistryDoesNotKnowNamesTheIdAndTheRegistry() {
        byte[] unknown = {0, 0x7f, 0x00, 0x00, 0x01, 0x0A, 'd', 'e', 'v', '-', '1'};
        try (Serde<SensorReading> serde = AvroSerdes.specific(SensorReading.class, config(), false)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(topic, unknown))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic '" + topic + "'")
                    .hasMessageContaining("schema id 2130706433 is unknown to the schema registry at "
                            + registry.ccompatUrl());
        }
    }
}
