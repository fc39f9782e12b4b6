package io.iotstream.scoring.processor.internal;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * The undecoded value of a frames-topic record. The scorer decodes values itself (so that a record that does not
 * decode goes the same dead-letter way as one that is invalid, see {@link DeviceScoringProcessor}); this wrapper
 * tells its one processor which topic a value came from without a per-record metadata lookup. Readings arrive as
 * plain {@code byte[]}.
 */
public record FrameBytes(byte[] bytes) {

    /** The frames source's value deserializer: wraps the bytes, decodes nothing. */
    public static final class Wrapper implements Deserializer<FrameBytes> {
        @Override
        public FrameBytes deserialize(String topic, byte[] data) {
            return data == null ? null : new FrameBytes(data);
        }
    }
}
