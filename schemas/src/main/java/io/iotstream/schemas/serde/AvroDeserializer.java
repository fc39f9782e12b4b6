package io.iotstream.schemas.serde;

import io.iotstream.schemas.AvroClassTrust;
import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryException;
import io.iotstream.schemas.registry.SchemaRegistryUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes the Confluent Schema Registry wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary). The writer's schema is fetched by id and resolved against the reader's schema, so records
 * written with an older or newer compatible schema decode: fields the reader does not know are skipped,
 * fields the writer did not have get the reader's defaults.
 *
 * <p>Three ways to read:
 * <ul>
 *   <li>{@link #specific(Class)}: as a generated class, e.g. {@code SensorReading};
 *   <li>{@link #generic()}: as a {@link GenericRecord} with the writer's own schema (tools that print any
 *       record), or {@link #generic(Schema)} resolved to a given reader schema;
 *   <li>created by class name ({@code value.deserializer=io.iotstream.schemas.serde.AvroDeserializer}):
 *       generated class of the writer's record if {@code specific.avro.reader=true}, else generic.
 * </ul>
 *
 * <p>Null bytes deserialize to null (tombstones). Anything else that is not a readable record raises a
 * {@link SerializationException} that names the topic, what is wrong and what to do: wrong magic byte,
 * fewer than 5 bytes, unknown schema id, truncated or malformed Avro body, or a writer schema the
 * reader cannot read.
 *
 * <p>Thread-safe: one instance may be shared by several threads. The registry is called once per schema
 * id; resolved readers are cached per id and decoders are reused per thread.
 *
 * @param <T> the type of the records returned
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    static {
        // With specific.avro.reader=true, classes are found by the writer's record name: trust ours up front.
        AvroClassTrust.install();
    }

    private final Class<? extends SpecificRecord> type;
    private final Schema readerSchema;
    private Boolean specific;
    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private final ConcurrentHashMap<Integer, Reader<T>> readers = new ConcurrentHashMap<>();
    /** The reader for the last schema id seen: nearly every record repeats it. */
    private volatile Reader<T> last;

    /**
     * For Kafka to create by class name: returns generated classes if {@code specific.avro.reader=true},
     * else {@link GenericRecord}s. {@link #configure} must be called before use.
     */
    public AvroDeserializer() {
        this(null, null, null, null);
    }

    /** Like {@link #AvroDeserializer()}, using {@code registry} (not closed by {@link #close()}). */
    public AvroDeserializer(SchemaRegistryClient registry) {
        this(null, null, null, Objects.requireNonNull(registry, "registry"));
    }

    private AvroDeserializer(Boolean specific, Class<? extends SpecificRecord> type, Schema readerSchema,
            SchemaRegistryClient registry) {
        this.specific = specific;
        this.type = type;
        this.readerSchema = readerSchema;
        this.registry = registry;
    }

    /** Reads records as the generated class {@code type}; {@link #configure} must be called before use. */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type) {
        AvroClassTrust.trust(Objects.requireNonNull(type, "type"));
        return new AvroDeserializer<>(true, type, null, null);
    }

    /** Reads records as the generated class {@code type} using {@code registry} (not closed by {@link #close()}). */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type, SchemaRegistryClient registry) {
        AvroClassTrust.trust(Objects.requireNonNull(type, "type"));
        return new AvroDeserializer<>(true, type, null, Objects.requireNonNull(registry, "registry"));
    }

    /** Reads records as {@link GenericRecord}s with the writer's schema. */
    public static AvroDeserializer<GenericRecord> generic() {
        return new AvroDeserializer<>(false, null, null, null);
    }

    /** Reads records as {@link GenericRecord}s resolved to {@code readerSchema}. */
    public static AvroDeserializer<GenericRecord> generic(Schema readerSchema) {
        return new AvroDeserializer<>(false, null, Objects.requireNonNull(readerSchema, "readerSchema"), null);
    }

    /**
     * Reads records as {@link GenericRecord}s, resolved to {@code readerSchema} or, if it is null, with the
     * writer's schema; uses {@code registry} (not closed by {@link #close()}).
     */
    public static AvroDeserializer<GenericRecord> generic(Schema readerSchema, SchemaRegistryClient registry) {
        return new AvroDeserializer<>(false, null, readerSchema, Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (specific == null) {
            specific = config.specificAvroReader();
        }
        if (registry == null) {
            registry = config.createRegistryClient();
            ownsRegistry = true;
        }
    }

    /**
     * @throws SerializationException if the bytes are not a record this reader can read (the message says why)
     * @throws SchemaRegistryUnavailableException if the writer's schema had to be fetched and the registry could not
     *     answer: retriable, the record is not at fault
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': it has only "
                    + data.length + " bytes, fewer than the 5-byte Confluent header (magic byte 0x00 and 4-byte "
                    + "schema id), so it is truncated or not Confluent-framed Avro. Check the producer's serializer; "
                    + "skip the record or send it to the dead-letter topic.");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': its first byte is "
                    + describeByte(data[0]) + ", not the magic byte 0x00, so the data isn't Confluent-framed Avro "
                    + "(magic byte, 4-byte schema id, Avro binary). It was written by another serializer (e.g. JSON "
                    + "or String): check the producer's serializer, and skip the record or send it to the dead-letter "
                    + "topic.");
        }
        int id = WireFormat.schemaId(data);
        Reader<T> reader = last;
        if (reader == null || reader.id != id) {
            reader = readerFor(topic, id);
            last = reader;
        }
        WireFormat.ThreadBuffers buffers = WireFormat.BUFFERS.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, buffers.decoder);
        buffers.decoder = decoder;
        try {
            return reader.datumReader.read(null, decoder);
        } catch (EOFException e) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': its Avro body "
                    + "ended early (" + (data.length - WireFormat.HEADER_SIZE) + " bytes after the header, schema id "
                    + id + ", " + reader.writerSchema.getFullName() + "). The record is truncated, or was not written "
                    + "with schema id " + id + ": skip it or send it to the dead-letter topic.", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': its Avro body "
                    + "is malformed for schema id " + id + " (" + reader.writerSchema.getFullName() + "): "
                    + e.getMessage() + ". The record is corrupt, or was not written with schema id " + id
                    + ": skip it or send it to the dead-letter topic.", e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    private Reader<T> readerFor(String topic, int id) {
        Reader<T> cached = readers.get(id);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': schema id " + id
                    + " is unknown to the schema registry at " + registry.location() + ". The record was written "
                    + "against another registry, or its schema was deleted: point schema.registry.url at the "
                    + "registry the producer uses, or skip the record. (" + e.getMessage() + ")", e);
        } catch (SchemaRegistryUnavailableException e) {
            // Not the record's fault: the caller retries later instead of filing a good record as bad.
            throw e;
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "' with schema id "
                    + id + ": " + e.getMessage(), e);
        }
        Reader<T> created = createReader(topic, id, writerSchema);
        Reader<T> previous = readers.putIfAbsent(id, created);
        return previous != null ? previous : created;
    }

    private Reader<T> createReader(String topic, int id, Schema writerSchema) {
        DatumReader<T> datumReader;
        if (Boolean.TRUE.equals(specific)) {
            Class<?> cls;
            try {
                cls = type != null ? type : SpecificData.get().getClass(writerSchema);
            } catch (SecurityException e) {
                throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': Avro does "
                        + "not trust the class " + writerSchema.getFullName() + " (schema id " + id + "). Read it with "
                        + "AvroDeserializer.specific(" + writerSchema.getName() + ".class), or call "
                        + "AvroClassTrust.trust(" + writerSchema.getName() + ".class) first.", e);
            }
            if (cls == null || !SpecificRecord.class.isAssignableFrom(cls)) {
                throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': "
                        + AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG + "=true but there is no generated class for "
                        + writerSchema.getFullName() + " (schema id " + id + ") on the classpath. Add it, or read "
                        + "generic records.");
            }
            // The class's own model carries its logical-type conversions (Instant for timestamp-millis).
            SpecificData model = SpecificData.getForClass(cls);
            datumReader = datumReader(model, writerSchema, model.getSchema(cls), topic, id);
        } else {
            Schema target = readerSchema != null ? readerSchema : writerSchema;
            datumReader = datumReader(GenericData.get(), writerSchema, target, topic, id);
        }
        return new Reader<>(id, writerSchema, datumReader);
    }

    /*
     * GenericDatumReader builds Avro's fast reader lazily in a plain field on first read, which is a data race
     * when several threads share the reader. Build it here instead, before the reader is published through
     * the cache (a safe publication); its read() is stateless.
     */
    @SuppressWarnings("unchecked")
    private static <T> DatumReader<T> datumReader(GenericData model, Schema writerSchema, Schema readerSchema,
            String topic, int id) {
        checkReadable(writerSchema, readerSchema, topic, id);
        if (!model.isFastReaderEnabled()) {
            return model instanceof SpecificData
                    ? new SpecificDatumReader<>(writerSchema, readerSchema, (SpecificData) model)
                    : (DatumReader<T>) new GenericDatumReader<>(writerSchema, readerSchema, model);
        }
        try {
            return model.getFastReaderBuilder().createDatumReader(writerSchema, readerSchema);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': no reader for "
                    + "schema id " + id + " (" + writerSchema.getFullName() + ") as " + readerSchema.getFullName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void checkReadable(Schema writerSchema, Schema target, String topic, int id) {
        if (target == writerSchema) {
            return;
        }
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(target,
                writerSchema);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            String problems = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " (" + i.getMessage() + ") at " + i.getLocation())
                    .collect(Collectors.joining("; "));
            throw new SerializationException("Cannot deserialize a record from topic '" + topic + "': it was "
                    + "written with schema id " + id + " (" + writerSchema.getFullName() + "), which cannot be "
                    + "read as " + target.getFullName() + ": " + problems + ". Check that this deserializer "
                    + "reads the right topic, or evolve the schemas compatibly (see docs/schemas.md).");
        }
    }

    private static String describeByte(byte b) {
        String hex = String.format(Locale.ROOT, "0x%02X", b & 0xff);
        return b >= 0x20 && b < 0x7f ? hex + " ('" + (char) b + "')" : hex;
    }

    private static final class Reader<T> {
        final int id;
        final Schema writerSchema;
        final DatumReader<T> datumReader;

        Reader(int id, Schema writerSchema, DatumReader<T> datumReader) {
            this.id = id;
            this.writerSchema = writerSchema;
            this.datumReader = datumReader;
        }
    }
}
