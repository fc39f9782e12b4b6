package io.iotstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.SensorFrame;
import io.iotstream.schemas.SensorReading;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private final String scope = "mock-test-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void theSameScopeInOneJvmIsTheSameRegistry() {
        SchemaRegistryClient producerSide = SchemaRegistryClient.forUrls(List.of("mock://" + scope), null,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        SchemaRegistryClient consumerSide = SchemaRegistryClient.forUrls(List.of(" mock://" + scope + "/ "), null,
                Duration.ofSeconds(1), Duration.ofSeconds(1));

        int id = producerSide.register("t-value", SensorReading.getClassSchema());
        producerSide.close();

        assertThat(consumerSide.schemaById(id)).isEqualTo(SensorReading.getClassSchema());
        assertThat(consumerSide.location()).isEqualTo("mock://" + scope);
        assertThat(MockSchemaRegistry.forScope("other-" + scope).versions("t-value")).isEmpty();
        MockSchemaRegistry.dropScope("other-" + scope);
    }

    @Test
    void assignsIdsFromOneAndSharesThemBetweenSubjectsForTheSameSchema() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

        int reading = registry.register("a-value", SensorReading.getClassSchema());
        int frame = registry.register("b-value", SensorFrame.getClassSchema());
        int readingAgain = registry.register("c-value", SensorReading.getClassSchema());

        assertThat(reading).isEqualTo(1);
        assertThat(frame).isEqualTo(2);
        assertThat(readingAgain).isEqualTo(reading);
        assertThat(registry.register("a-value", SensorReading.getClassSchema())).isEqualTo(reading);
        assertThat(registry.versions("a-value")).hasSize(1);
        assertThat(registry.lookupId("c-value", SensorReading.getClassSchema())).isEqualTo(reading);
    }

    @Test
    void lookingUpAnUnregisteredSchemaOrUnknownIdIsSchemaNotFound() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.register("a-value", SensorReading.getClassSchema());

        assertThatThrownBy(() -> registry.lookupId("nope-value", SensorReading.getClassSchema()))
                .isInstanceOf(SchemaNotFoundException.class).hasMessageContaining("Subject 'nope-value' not found");
        assertThatThrownBy(() -> registry.lookupId("a-value", Alert.getClassSchema()))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("io.iotstream.schemas.Alert is not registered under subject 'a-value'");
        assertThatThrownBy(() -> registry.schemaById(99))
                .isInstanceOf(SchemaNotFoundException.class).hasMessageContaining("Schema id 99 not found");
    }

    @Test
    void enforcesBackwardCompatibilityByDefault() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.register("r-value", record(false, false));

        // adding a field with a default: new readers can read old data
        registry.register("r-value", record(true, false));
        // adding a field without a default: they cannot
        assertThatThrownBy(() -> registry.register("r-value", record(true, true)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("subject 'r-value'")
                .hasMessageContaining("compatibility level BACKWARD")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT");
        assertThat(registry.versions("r-value")).hasSize(2);
    }

    @Test
    void otherCompatibilityLevelsApplyPerSubject() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.setCompatibility("none-value", CompatibilityLevel.NONE);
        registry.register("none-value", SensorReading.getClassSchema());
        registry.register("none-value", Alert.getClassSchema());

        registry.setCompatibility("forward-value", CompatibilityLevel.FORWARD);
        registry.register("forward-value", record(true, false));
        // removing a field that has a default is FORWARD-compatible (old readers use the default)
        registry.register("forward-value", record(false, false));

        registry.setDefaultCompatibility(CompatibilityLevel.FULL);
        registry.register("full-value", record(false, false));
        assertThatThrownBy(() -> registry.register("full-value", record(false, true)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("FULL");
    }

    /** Record test.R {id: string} plus an int field "extra" with default 0 and/or "required" without default. */
    private static Schema record(boolean withExtra, boolean withRequired) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("R").namespace("test").fields()
                .requiredString("id");
        if (withExtra) {
            fields = fields.name("extra").type().intType().intDefault(0);
        }
        if (withRequired) {
            fields = fields.requiredInt("required");
        }
        return fields.endRecord();
    }

    @Test
    void reportsTheLevelOfASubjectElseTheDefault() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope("compat-" + java.util.UUID.randomUUID());
        assertThat(registry.compatibility("a-value")).hasValue(CompatibilityLevel.BACKWARD);
        registry.setCompatibility("a-value", CompatibilityLevel.NONE);
        assertThat(registry.compatibility("a-value")).hasValue(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("b-value")).hasValue(CompatibilityLevel.BACKWARD);
    }
}
