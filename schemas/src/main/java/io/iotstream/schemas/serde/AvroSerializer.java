package io.iotstream.schemas.serde;

import io.iotstream.schemas.AvroClassTrust;
import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro records (generated {@link SpecificRecord}s or {@link org.apache.avro.generic.GenericRecord}s)
 * in the Confluent Schema Registry wire format: magic byte 0, the 4-byte big-endian schema id, the Avro
 * binary encoding. The schema is the record's own; it is registered under {@code <topic>-value} (or
 * {@code <topic>-key}) when {@code auto.register.schemas} is true, otherwise its id is looked up there.
 *
 * <p>Configure with {@link AvroSerdeConfig} keys, or let Kafka do it from the client's properties
 * ({@code value.serializer=io.iotstream.schemas.serde.AvroSerializer}). Null serializes to null
 * (a tombstone).
 *
 * <p>Thread-safe: one instance may be shared by several threads. The registry is called once per
 * (topic, schema); after that a record costs one encode and one array copy.
 *
 * @param <T> the record type
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    /* Generated classes and generic records may share a schema but need different writers: a specific
       writer converts logical types (Instant), a generic one expects the raw Avro values (long). */
    private final ConcurrentHashMap<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
    /** The latest target per topic, so that a serializer shared by several topics does not rebuild one per record. */
    private final ConcurrentHashMap<String, Target> lastByTopic = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private boolean autoRegister = true;
    /** The last (topic, schema, class) used: nearly every call repeats it, and this skips the map lookups. */
    private volatile Target last;

    /** For Kafka to create by class name; {@link #configure} must be called before use. */
    public AvroSerializer() {
    }

    /** Uses {@code registry} (not closed by {@link #close()}); {@link #configure} must still be called. */
    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        if (registry == null) {
            registry = config.createRegistryClient();
            ownsRegistry = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = data.getSchema();
        Target target = last;
        if (target == null || !target.matches(topic, schema, data)) {
            target = lastByTopic.get(topic);
            if (target == null || !target.matches(topic, schema, data)) {
                target = target(topic, schema, data);
                lastByTopic.put(topic, target);
            }
            last = target;
        }
        WireFormat.ThreadBuffers buffers = WireFormat.BUFFERS.get();
        WireFormat.Output out = buffers.out;
        out.reset();
        out.writeHeader(target.id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
            buffers.encoder = encoder;
            target.writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The encoder still buffers this record's first fields and would flush them into the next record.
            buffers.encoder = null;
            throw new SerializationException("Cannot serialize a " + schema.getFullName() + " for topic '" + topic
                    + "': " + e.getMessage() + ". Check that every non-null field is set to a value of its "
                    + "schema's type.", e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    private Target target(String topic, Schema schema, T data) {
        ConcurrentHashMap<Schema, Integer> ids = idsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer id = ids.get(schema);
        if (id == null) {
            id = schemaId(topic, schema);
            ids.put(schema, id);
        }
        DatumWriter<Object> writer = data instanceof SpecificRecord
                ? specificWriters.computeIfAbsent(schema, s -> writerFor(s, data))
                : genericWriters.computeIfAbsent(schema, s -> writerFor(s, data));
        return new Target(topic, schema, data.getClass(), id, writer);
    }

    private int schemaId(String topic, Schema schema) {
        String subject = SchemaRegistryClient.subjectFor(topic, isKey);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
        } catch (SchemaNotFoundException e) {
            throw new SerializationException("Cannot serialize a " + schema.getFullName() + " for topic '" + topic
                    + "': its schema is not registered under subject '" + subject + "' and "
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG + "=false. Register it first, or set "
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG + "=true. (" + e.getMessage() + ")", e);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize a " + schema.getFullName() + " for topic '" + topic
                    + "': " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, GenericContainer sample) {
        if (sample instanceof SpecificRecord) {
            AvroClassTrust.trust((Class<? extends SpecificRecord>) sample.getClass());
            // The generated class's own model carries its logical-type conversions (Instant for timestamp-millis).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(sample.getClass()));
        }
        return (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(schema, GenericData.get());
    }

    private static final class Target {
        final String topic;
        final Schema schema;
        final Class<?> type;
        final int id;
        final DatumWriter<Object> writer;

        boolean matches(String topic, Schema schema, GenericContainer data) {
            return this.schema == schema && this.type == data.getClass() && this.topic.equals(topic);
        }

        Target(String topic, Schema schema, Class<?> type, int id, DatumWriter<Object> writer) {
            this.topic = topic;
            this.schema = schema;
            this.type = type;
            this.id = id;
            this.writer = writer;
        }
    }
}
