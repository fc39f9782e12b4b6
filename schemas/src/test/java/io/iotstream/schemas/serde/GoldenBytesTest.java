package io.iotstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.TestRecords;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact bytes of a SensorReading in the Confluent wire format, derived by hand from the Avro spec. */
class GoldenBytesTest {

    private static final SensorReading READING =
            TestRecords.reading("dev-1", 7, 0.5, Instant.ofEpochMilli(1515879450830L));

    /*
     * Confluent framing: magic byte, then the schema id as a 4-byte big-endian int.
     * Avro binary (https://avro.apache.org/docs/1.12.0/specification/#binary-encoding), fields in schema order;
     * int and long are zigzag-encoded ((n << 1) ^ (n >> 63)) then written as little-endian base-128 varints
     * (7 bits per byte, high bit set on every byte but the last).
     */
    private static final byte[] GOLDEN = {
        0x00,                               // magic byte
        0x00, 0x00, 0x00, 0x2A,             // schema id 42, big-endian
        // deviceId "dev-1": string = long length, then UTF-8 bytes. Length 5 -> zigzag 10 -> 0x0A.
        0x0A,
        0x64, 0x65, 0x76, 0x2D, 0x31,       // 'd' 'e' 'v' '-' '1'
        // sensor 7 (int): zigzag 14 -> 0x0E (fits in 7 bits: one byte).
        0x0E,
        // value 0.5 (double): IEEE 754 binary64 0x3FE0000000000000 (sign 0, exponent 1022, mantissa 0),
        // written little-endian: low byte first.
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xE0, 0x3F,
        // eventTime 1515879450830 (long, timestamp-millis): zigzag 2 * 1515879450830 = 3031758901660
        // = 0x2C1E2E9919C. Seven-bit groups, least significant first:
        //   0x1C -> 0x9C (more follows)    0x1C          =            28
        //   0x23 -> 0xA3                   0x23 << 7     =          4480
        //   0x26 -> 0xA6                   0x26 << 14    =        622592
        //   0x17 -> 0x97                   0x17 << 21    =      48234496
        //   0x1E -> 0x9E                   0x1E << 28    =    8053063680
        //   0x58 -> 0x58 (last byte)       0x58 << 35    = 3023656976384
        //                                          sum   = 3031758901660
        (byte) 0x9C, (byte) 0xA3, (byte) 0xA6, (byte) 0x97, (byte) 0x9E, 0x58,
    };

    @Test
    void serializesSensorReadingToTheHandDerivedConfluentBytes() {
        try (AvroSerializer<SensorReading> serializer =
                     new AvroSerializer<>(new FixedIdRegistry(42, SensorReading.getClassSchema()))) {
            serializer.configure(Map.of(), false);

            assertThat(serializer.serialize("iot.sensor-readings.v1", READING)).containsExactly(GOLDEN);
        }
    }

    @Test
    void deserializesTheHandDerivedConfluentBytesToTheSameSensorReading() {
        try (AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(SensorReading.class,
                new FixedIdRegistry(42, SensorReading.getClassSchema()))) {
            deserializer.configure(Map.of(), false);

            SensorReading read = deserializer.deserialize("iot.sensor-readings.v1", GOLDEN);

            assertThat(read).isEqualTo(READING);
            assertThat(read.getDeviceId()).isInstanceOf(String.class);
            assertThat(read.getEventTime()).isEqualTo(Instant.parse("2018-01-13T21:37:30.830Z"));
        }
    }
}
