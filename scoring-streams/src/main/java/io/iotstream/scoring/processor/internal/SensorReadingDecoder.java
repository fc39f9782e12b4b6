package io.iotstream.scoring.processor.internal;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.registry.SchemaRegistryException;
import io.iotstream.schemas.registry.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes {@link SensorReading} values (Confluent wire format: magic byte 0, 4-byte schema id, Avro binary) into a
 * reusable {@link Reading}, allocating nothing: the device id is left as a range of the value's bytes.
 *
 * <p>Fast path: when the writer schema, fetched once per schema id from the registry, is exactly this build's
 * {@code SensorReading} schema, the four fields are read straight from the bytes (string, zig-zag int, 8-byte
 * little-endian double, zig-zag long, as Avro lays them out). Any other writer schema (an older or newer version
 * that needs schema resolution) goes through {@code fallback}, the schemas module's {@code AvroDeserializer}, as do
 * records whose bytes do not parse, so that its error messages apply. Measured on the benchmark's records (31 bytes):
 * about 75 ns per record through Avro's reader, 28 ns here (docs/BENCHMARKS.md, "Earlier measurements: the scorer
 * alone").
 *
 * <p>Thread-safe; the {@link Reading} belongs to the caller.
 */
public final class SensorReadingDecoder {

    private static final Schema KNOWN = SensorReading.getClassSchema();

    private final SchemaRegistryClient registry;
    private final Deserializer<SensorReading> fallback;
    private final ConcurrentHashMap<Integer, Boolean> fastIds = new ConcurrentHashMap<>();
    /** The last schema id that was the known schema: nearly every record repeats it. */
    private volatile int lastFastId = -1;

    /**
     * The fields of one reading, overwritten by each decode. The device id stays as bytes (UTF-8, a range of the
     * record's value or of an encoding of the id) until {@link #deviceId()} asks for it as a string.
     */
    public static final class Reading {
        private String deviceId;
        byte[] idBytes;
        int idOffset;
        int idLength;
        int sensor;
        double value;
        long eventTime;
        /** Scratch position of the decoder, so that parsing allocates nothing. */
        int cursor;

        /** The device id, decoded (once per reading) when first asked for. */
        public String deviceId() {
            if (deviceId == null) {
                deviceId = new String(idBytes, idOffset, idLength, StandardCharsets.UTF_8);
            }
            return deviceId;
        }

        /** The array holding the device id's UTF-8 bytes, at {@link #idOffset()}; not to be modified. */
        public byte[] idBytes() {
            return idBytes;
        }

        public int idOffset() {
            return idOffset;
        }

        public int idLength() {
            return idLength;
        }

        public int sensor() {
            return sensor;
        }

        public double value() {
            return value;
        }

        /** Event time, ms since the epoch. */
        public long eventTime() {
            return eventTime;
        }
    }

    /**
     * @param registry resolves schema ids (not closed here)
     * @param fallback the general decoder, for other writer schemas and malformed records
     */
    public SensorReadingDecoder(SchemaRegistryClient registry, Deserializer<SensorReading> fallback) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Decodes {@code data} into {@code out}.
     *
     * @throws SerializationException if the bytes are not a readable SensorReading (the message says why)
     * @throws SchemaRegistryUnavailableException if the writer's schema is not cached and the registry cannot answer:
     *     retriable, the record is not at fault
     */
    public void decode(String topic, byte[] data, Reading out) {
        if (data.length >= 5 && data[0] == 0) {
            int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
            if ((id == lastFastId || isKnown(id)) && parse(data, out)) {
                return;
            }
        }
        SensorReading reading = fallback.deserialize(topic, data);
        out.deviceId = reading.getDeviceId();
        out.idBytes = out.deviceId.getBytes(StandardCharsets.UTF_8);
        out.idOffset = 0;
        out.idLength = out.idBytes.length;
        out.sensor = reading.getSensor();
        out.value = reading.getValue();
        out.eventTime = reading.getEventTime().toEpochMilli();
    }

    private boolean isKnown(int id) {
        Boolean known = fastIds.get(id);
        if (known == null) {
            try {
                known = KNOWN.equals(registry.schemaById(id));
            } catch (SchemaRegistryUnavailableException e) {
                throw e;
            } catch (SchemaRegistryException e) {
                // An unknown id, or a registry that refuses: the fallback reports it properly.
                return false;
            }
            fastIds.put(id, known);
        }
        if (known) {
            lastFastId = id;
        }
        return known;
    }

    /** Reads the four fields; false if the bytes do not parse (the fallback then explains why). */
    private static boolean parse(byte[] b, Reading out) {
        out.cursor = 5;
        long len = readLong(b, out);
        if (out.cursor < 0 || len < 0 || len > b.length - out.cursor) {
            return false;
        }
        int start = out.cursor;
        out.cursor += (int) len;
        long sensor = readLong(b, out);
        int p = out.cursor;
        if (p < 0 || sensor < Integer.MIN_VALUE || sensor > Integer.MAX_VALUE || p + 8 > b.length) {
            return false;
        }
        long bits = (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48
                | (b[p + 7] & 0xffL) << 56;
        out.cursor = p + 8;
        long time = readLong(b, out);
        if (out.cursor < 0) {
            return false;
        }
        out.deviceId = null;
        out.idBytes = b;
        out.idOffset = start;
        out.idLength = (int) len;
        out.sensor = (int) sensor;
        out.value = Double.longBitsToDouble(bits);
        out.eventTime = time;
        return true;
    }

    /** Avro's zig-zag varint long at {@code out.cursor}; sets the cursor to -1 if the bytes end or it is too long. */
    private static long readLong(byte[] b, Reading out) {
        int p = out.cursor;
        long raw = 0;
        int shift = 0;
        while (true) {
            if (p >= b.length || shift > 63) {
                out.cursor = -1;
                return 0;
            }
            int x = b[p++];
            raw |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        out.cursor = p;
        return (raw >>> 1) ^ -(raw & 1);
    }
}
