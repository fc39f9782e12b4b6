package io.iotstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.schemas.SensorReading;
import io.iotstream.devservices.ApicurioRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST client against a real registry: Apicurio Registry's Confluent-compatible API. */
class ApicurioRegistryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.shared();
    }

    private static RestSchemaRegistryClient newClient() {
        return new RestSchemaRegistryClient(List.of(URI.create(registry.ccompatUrl())), null, TIMEOUT, TIMEOUT);
    }

    private static String subject() {
        return "it-" + UUID.randomUUID() + "-value";
    }

    /** What a topics command needs: a subject's level set before any schema is registered, then enforced. */
    @Test
    void setsAndReadsASubjectsCompatibility() {
        String subject = subject();
        try (RestSchemaRegistryClient client = newClient()) {
            client.setCompatibility(subject, CompatibilityLevel.FULL);
            assertThat(client.compatibility(subject)).hasValue(CompatibilityLevel.FULL);
            client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
            assertThat(client.compatibility(subject)).hasValue(CompatibilityLevel.BACKWARD);
            assertThat(client.register(subject, SensorReading.getClassSchema())).isPositive();
        }
    }

    @Test
    void registersLooksUpAndFetchesASchemaById() {
        String subject = subject();
        int id;
        try (RestSchemaRegistryClient client = newClient()) {
            id = client.register(subject, SensorReading.getClassSchema());
            assertThat(client.register(subject, SensorReading.getClassSchema())).isEqualTo(id);
        }
        try (RestSchemaRegistryClient fresh = newClient()) {
            assertThat(fresh.lookupId(subject, SensorReading.getClassSchema())).isEqualTo(id);
            assertThat(fresh.schemaById(id)).isEqualTo(SensorReading.getClassSchema());
        }
    }

    @Test
    void theIdsTheCompatibilityApiReturnsAreApicuriosContentIds() throws Exception {
        Schema schema = record("ContentIdProbe" + UUID.randomUUID().toString().replace("-", ""), false);
        String first = subject();
        String second = subject();
        try (RestSchemaRegistryClient client = newClient()) {
            int firstId = client.register(first, schema);
            int secondId = client.register(second, schema);

            // Same content under two subjects: two artifact versions (two global ids), one content id.
            JsonNode firstVersion = versionMetadata(first);
            JsonNode secondVersion = versionMetadata(second);
            assertThat(firstVersion.get("globalId").asLong()).isNotEqualTo(secondVersion.get("globalId").asLong());
            assertThat(firstVersion.get("contentId").asLong()).isEqualTo(secondVersion.get("contentId").asLong());
            assertThat(firstId).isEqualTo(secondId).isEqualTo(firstVersion.get("contentId").asInt());
        }
    }

    @Test
    void addingAFieldWithADefaultIsAcceptedAsANewVersionWithANewId() {
        String subject = subject();
        String name = "Evolving" + UUID.randomUUID().toString().replace("-", "");
        int v1;
        int v2;
        try (RestSchemaRegistryClient client = newClient()) {
            v1 = client.register(subject, record(name, false));
            v2 = client.register(subject, record(name, true));
        }
        assertThat(v2).isNotEqualTo(v1);
        try (RestSchemaRegistryClient fresh = newClient()) {
            assertThat(fresh.lookupId(subject, record(name, false))).isEqualTo(v1);
            assertThat(fresh.lookupId(subject, record(name, true))).isEqualTo(v2);
            assertThat(fresh.schemaById(v1)).isEqualTo(record(name, false));
            assertThat(fresh.schemaById(v2)).isEqualTo(record(name, true));
        }
    }

    @Test
    void anIncompatibleChangeIsTheRegistrys409SurfacedAsIncompatibleSchemaException() {
        String subject = subject();
        String name = "Breaking" + UUID.randomUUID().toString().replace("-", "");
        Schema v1 = record(name, false);
        Schema breaking = SchemaBuilder.record(name).namespace("it").fields()
                .requiredString("id")
                .requiredLong("count") // a new field without a default: new readers cannot read old data
                .endRecord();
        try (RestSchemaRegistryClient client = newClient()) {
            client.register(subject, v1);

            assertThatThrownBy(() -> client.register(subject, breaking))
                    .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
                    .hasMessageContaining("incompatible with the schemas already under the subject at the subject's "
                            + "compatibility level")
                    .hasMessageContaining("subject '" + subject + "'")
                    .hasMessageContaining(registry.ccompatUrl());
        }
    }

    @Test
    void anUnknownIdIsSchemaNotFound() {
        try (RestSchemaRegistryClient client = newClient()) {
            assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE))
                    .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
                    .hasMessageContaining("schema id " + Integer.MAX_VALUE);
        }
    }

    /** Record it.{name} {id: string} and, if asked, {unit: string = ""}. */
    static Schema record(String name, boolean withUnit) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(name).namespace("it").fields()
                .requiredString("id");
        if (withUnit) {
            fields = fields.name("unit").type().stringType().stringDefault("");
        }
        return fields.endRecord();
    }

    /** Apicurio's own (v3) API: metadata of version 1 of the artifact a ccompat subject maps to. */
    private static JsonNode versionMetadata(String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registry.baseUrl() + "/apis/registry/v3/groups/default/artifacts/" + subject
                                + "/versions/1"))
                        .timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
