package io.iotstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaDefinitionsTest {

    private static final List<Schema> TOP_LEVEL = List.of(SensorReading.getClassSchema(),
            SensorFrame.getClassSchema(), Alert.getClassSchema());

    @Test
    void everyRecordEnumAndFieldHasADoc() {
        List<String> undocumented = new ArrayList<>();
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        for (Schema schema : TOP_LEVEL) {
            collectUndocumented(schema, seen, undocumented);
        }
        assertThat(seen.keySet()).extracting(Schema::getName)
                .contains("SensorReading", "SensorFrame", "Alert", "SensorContribution", "AlertKind");
        assertThat(undocumented).isEmpty();
    }

    @Test
    void allNamedTypesAreInTheIotstreamSchemasNamespace() {
        assertThat(List.of(SensorReading.getClassSchema(), SensorFrame.getClassSchema(), Alert.getClassSchema(),
                SensorContribution.getClassSchema(), AlertKind.getClassSchema()))
                .extracting(Schema::getNamespace)
                .containsOnly("io.iotstream.schemas");
    }

    @Test
    void sensorReadingIsTheBenchmarkEventWithoutTheSensorName() {
        assertThat(SensorReading.getClassSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("deviceId", "sensor", "value", "eventTime");
        assertThat(SensorReading.getClassSchema().getField("eventTime").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
    }

    @Test
    void generatedClassesUseJavaStringsNotUtf8() throws NoSuchMethodException {
        assertThat(SensorReading.class.getMethod("getDeviceId").getReturnType()).isEqualTo(String.class);
        assertThat(Alert.class.getMethod("getModelName").getReturnType()).isEqualTo(String.class);
        assertThat(SensorReading.getClassSchema().getField("deviceId").schema().getProp("avro.java.string"))
                .isEqualTo("String");
    }

    @Test
    void frameLabelIsOptionalWithNullFirstAndDefaultNull() {
        Schema.Field label = SensorFrame.getClassSchema().getField("label");
        assertThat(label.schema().getType()).isEqualTo(Schema.Type.UNION);
        assertThat(label.schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(label.defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
        assertThat(SensorFrame.getClassSchema().getField("values").schema().getElementType().getType())
                .isEqualTo(Schema.Type.DOUBLE);
    }

    @Test
    void alertTopSensorsDefaultToEmptyAndKindHasAnEnumDefault() {
        Schema alert = Alert.getClassSchema();
        assertThat(alert.getField("topSensors").defaultVal()).isEqualTo(List.of());
        assertThat(alert.getField("topSensors").schema().getElementType().getFields()).extracting(Schema.Field::name)
                .containsExactly("sensor", "value", "contribution");
        assertThat(AlertKind.getClassSchema().getEnumSymbols()).contains("ATTENTION", "RECOVERY", "STATUS");
        assertThat(AlertKind.getClassSchema().getEnumDefault()).isEqualTo("UNKNOWN");
        assertThat(alert.getField("scoredAt").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        Alert withoutContributions = Alert.newBuilder(TestRecords.alert("dev-1")).clearTopSensors()
                .clearEventsInInterval().build();
        assertThat(withoutContributions.getTopSensors()).isEmpty();
        assertThat(withoutContributions.getEventsInInterval()).isZero();
    }

    private static void collectUndocumented(Schema schema, Map<Schema, Boolean> seen, List<String> undocumented) {
        switch (schema.getType()) {
            case RECORD:
                if (seen.put(schema, true) != null) {
                    return;
                }
                requireDoc(schema.getFullName(), schema.getDoc(), undocumented);
                for (Schema.Field field : schema.getFields()) {
                    requireDoc(schema.getName() + "." + field.name(), field.doc(), undocumented);
                    collectUndocumented(field.schema(), seen, undocumented);
                }
                break;
            case ENUM:
                if (seen.put(schema, true) == null) {
                    requireDoc(schema.getFullName(), schema.getDoc(), undocumented);
                }
                break;
            case ARRAY:
                collectUndocumented(schema.getElementType(), seen, undocumented);
                break;
            case MAP:
                collectUndocumented(schema.getValueType(), seen, undocumented);
                break;
            case UNION:
                schema.getTypes().forEach(branch -> collectUndocumented(branch, seen, undocumented));
                break;
            default:
                break;
        }
    }

    private static void requireDoc(String name, String doc, List<String> undocumented) {
        if (doc == null || doc.isBlank()) {
            undocumented.add(name);
        }
    }
}
