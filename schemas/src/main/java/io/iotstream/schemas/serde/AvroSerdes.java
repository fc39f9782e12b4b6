package io.iotstream.schemas.serde;

import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Configured Kafka {@link Serde}s for Avro records in the Confluent wire format. The serializer and the
 * deserializer of one serde share one registry client (and its caches); closing the serde closes it.
 *
 * <pre>{@code
 * Serde<SensorReading> readings = AvroSerdes.specific(SensorReading.class,
 *         Map.of("schema.registry.url", "http://registry:8080/apis/ccompat/v7"), false);
 * }</pre>
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /**
     * A serde for the generated class {@code type}.
     *
     * @param config {@link AvroSerdeConfig} keys; at least {@code schema.registry.url}
     * @param isKey whether the serde is for record keys (subject {@code <topic>-key}) or values
     */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        SchemaRegistryClient registry = new AvroSerdeConfig(config).createRegistryClient();
        return configured(new AvroSerializer<>(registry), AvroDeserializer.specific(type, registry), registry, config,
                isKey);
    }

    /**
     * A serde for {@link GenericRecord}s: writes any record with its own schema, reads with the writer's
     * schema. For tools that handle any record.
     */
    public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        return generic(null, config, isKey);
    }

    /** Like {@link #generic(Map, boolean)}, but reads records resolved to {@code readerSchema} (if not null). */
    public static Serde<GenericRecord> generic(Schema readerSchema, Map<String, ?> config, boolean isKey) {
        SchemaRegistryClient registry = new AvroSerdeConfig(config).createRegistryClient();
        return configured(new AvroSerializer<>(registry), AvroDeserializer.generic(readerSchema, registry), registry,
                config, isKey);
    }

    private static <T> Serde<T> configured(Serializer<T> serializer, Deserializer<T> deserializer,
            SchemaRegistryClient registry, Map<String, ?> config, boolean isKey) {
        serializer.configure(config, isKey);
        deserializer.configure(config, isKey);
        return new AvroSerde<>(serializer, deserializer, registry);
    }

    private static final class AvroSerde<T> implements Serde<T> {
        private final Serializer<T> serializer;
        private final Deserializer<T> deserializer;
        private final SchemaRegistryClient registry;

        AvroSerde(Serializer<T> serializer, Deserializer<T> deserializer, SchemaRegistryClient registry) {
            this.serializer = serializer;
            this.deserializer = deserializer;
            this.registry = registry;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // Configured at creation; Kafka Streams does not reconfigure serdes it was handed.
        }

        @Override
        public Serializer<T> serializer() {
            return serializer;
        }

        @Override
        public Deserializer<T> deserializer() {
            return deserializer;
        }

        @Override
        public void close() {
            serializer.close();
            deserializer.close();
            registry.close();
        }
    }
}
