package io.iotstream.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the datum. Also the per-thread buffers the serdes reuse.
 */
final class WireFormat {
    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    /*
     * Encoders, decoders and the output buffer are not thread-safe, and one serde instance may be called by
     * several stream threads: keep one set per thread, shared by all serde instances (a serializer is never
     * re-entered on the same thread).
     */
    static final ThreadLocal<ThreadBuffers> BUFFERS = ThreadLocal.withInitial(ThreadBuffers::new);

    private WireFormat() {
    }

    static int schemaId(byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    static final class ThreadBuffers {
        final Output out = new Output();
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    /** A growable byte buffer whose content is copied out once, at its exact size. */
    static final class Output extends OutputStream {
        /** A thread keeps at most this much buffer between records, so one huge record does not pin memory. */
        private static final int MAX_RETAINED = 1 << 20;

        private byte[] buf = new byte[256];
        private int count;

        void reset() {
            count = 0;
            if (buf.length > MAX_RETAINED) {
                buf = new byte[256];
            }
        }

        void writeHeader(int schemaId) {
            ensure(HEADER_SIZE);
            buf[count] = MAGIC_BYTE;
            buf[count + 1] = (byte) (schemaId >>> 24);
            buf[count + 2] = (byte) (schemaId >>> 16);
            buf[count + 3] = (byte) (schemaId >>> 8);
            buf[count + 4] = (byte) schemaId;
            count += HEADER_SIZE;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }
}
