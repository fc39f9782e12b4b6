package io.iotstream.scoring.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import io.iotstream.schemas.serde.AvroDeserializer;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SensorReadingDecoderTest {

    private final Map<String, Object> config = Map.of("schema.registry.url", "mock://decoder-" + UUID.randomUUID());
    private final SchemaRegistryClient registry = new AvroSerdeConfig(config).createRegistryClient();
    private final SensorReadingDecoder decoder = new SensorReadingDecoder(registry, fallback());

    private AvroDeserializer<SensorReading> fallback() {
        AvroDeserializer<SensorReading> d = AvroDeserializer.specific(SensorReading.class, registry);
        d.configure(config, false);
        return d;
    }

    private <T extends org.apache.avro.generic.GenericContainer> byte[] encode(T record) {
        AvroSerializer<T> s = new AvroSerializer<>(registry);
        s.configure(config, false);
        return s.serialize("readings", record);
    }

    @Test
    void shouldDecodeExactlyWhatAvroDecodes() {
        SplittableRandom random = new SplittableRandom(3);
        SensorReadingDecoder.Reading out = new SensorReadingDecoder.Reading();
        AvroDeserializer<SensorReading> avro = fallback();
        for (int i = 0; i < 10_000; i++) {
            String id = i % 7 == 0 ? "dévice-ü-" + i : "dev-" + random.nextInt(1_000_000);
            int sensor = i % 11 == 0 ? -random.nextInt(5) : random.nextInt(Integer.MAX_VALUE) - (i % 2) * 1_000_000;
            double value = i % 13 == 0 ? Double.NaN : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20));
            Instant time = Instant.ofEpochMilli(random.nextLong(-4_000_000_000_000L, 4_000_000_000_000L));
            byte[] bytes = encode(new SensorReading(id, sensor, value, time));
            decoder.decode("readings", bytes, out);
            SensorReading expected = avro.deserialize("readings", bytes);
            assertThat(new String(out.idBytes(), out.idOffset(), out.idLength(), StandardCharsets.UTF_8))
                    .isEqualTo(expected.getDeviceId());
            assertThat(out.deviceId()).isEqualTo(expected.getDeviceId());
            assertThat(out.sensor()).isEqualTo(expected.getSensor());
            assertThat(Double.doubleToRawLongBits(out.value())).isEqualTo(Double.doubleToRawLongBits(expected.getValue()));
            assertThat(out.eventTime()).isEqualTo(expected.getEventTime().toEpochMilli());
        }
    }

    @Test
    void shouldLeaveTheDeviceIdAsBytesOfTheRecordUntilAskedFor() {
        byte[] bytes = encode(new SensorReading("dev-00042", 7, 0.5, Instant.EPOCH));
        SensorReadingDecoder.Reading out = new SensorReadingDecoder.Reading();
        decoder.decode("readings", bytes, out);
        assertThat(out.idBytes()).as("no copy").isSameAs(bytes);
        assertThat(out.idOffset()).isEqualTo(6);
        assertThat(out.idLength()).isEqualTo(9);
        String id = out.deviceId();
        assertThat(id).isEqualTo("dev-00042");
        assertThat(out.deviceId()).as("decoded once").isSameAs(id);
        decoder.decode("readings", encode(new SensorReading("other", 7, 0.5, Instant.EPOCH)), out);
        assertThat(out.deviceId()).as("not the previous reading's").isEqualTo("other");
    }

    @Test
    void shouldResolveAnotherWriterSchemaThroughAvro() {
        Schema evolved = new Schema.Parser().parse(SensorReading.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"site\",\"type\":\"string\",\"default\":\"\"},"));
        GenericRecord record = new GenericData.Record(evolved);
        record.put("site", "plant-7");
        record.put("deviceId", "d1");
        record.put("sensor", 4);
        record.put("value", 0.25);
        record.put("eventTime", 1234L);
        SensorReadingDecoder.Reading out = new SensorReadingDecoder.Reading();
        decoder.decode("readings", encode(record), out);
        assertThat(out.deviceId()).isEqualTo("d1");
        assertThat(Arrays.copyOfRange(out.idBytes(), out.idOffset(), out.idOffset() + out.idLength()))
                .isEqualTo("d1".getBytes(StandardCharsets.UTF_8));
        assertThat(out.sensor()).isEqualTo(4);
        assertThat(out.value()).isEqualTo(0.25);
        assertThat(out.eventTime()).isEqualTo(1234L);
    }

    @Test
    void shouldRefuseTruncatedOrForeignBytesWithAvrosMessages() {
        byte[] good = encode(new SensorReading("device-1", 3, 0.5, Instant.EPOCH));
        SensorReadingDecoder.Reading out = new SensorReadingDecoder.Reading();
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> decoder.decode("readings", cut, out)).as("first %d bytes", n)
                    .isInstanceOf(SerializationException.class);
        }
        assertThatThrownBy(() -> decoder.decode("readings", "{\"json\":1}".getBytes(), out))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
    }
}
