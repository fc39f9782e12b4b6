package io.iotstream.bench.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import scala.Tuple4;

/**
 * Decodes Confluent-framed {@code SensorReading} values (magic byte 0, 4-byte schema id, Avro binary) into
 * (deviceId, sensor, value, event time in ms). The writer schema is the benchmark's own, so the fields are read in
 * its order without asking a registry (the bench's registry lives in the parent JVM); one decoder is reused per
 * partition.
 */
final class ReadingDecoder implements MapPartitionsFunction<byte[], Tuple4<String, Integer, Double, Long>> {

    private static final long serialVersionUID = 1L;
    private static final int HEADER = 5;

    @Override
    public Iterator<Tuple4<String, Integer, Double, Long>> call(Iterator<byte[]> values) {
        return new Iterator<>() {
            private BinaryDecoder decoder;

            @Override
            public boolean hasNext() {
                return values.hasNext();
            }

            @Override
            public Tuple4<String, Integer, Double, Long> next() {
                byte[] bytes = values.next();
                if (bytes == null || bytes.length <= HEADER || bytes[0] != 0) {
                    throw new IllegalArgumentException("not a Confluent-framed Avro value");
                }
                decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, decoder);
                try {
                    String device = decoder.readString();
                    int sensor = decoder.readInt();
                    double value = decoder.readDouble();
                    long eventTime = decoder.readLong();
                    return new Tuple4<>(device, sensor, value, eventTime);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
