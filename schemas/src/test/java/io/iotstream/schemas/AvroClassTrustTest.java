package io.iotstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Avro 1.12.2 refuses to load untrusted generated classes by name. The generated records trust
 * themselves; this runs in a fresh JVM, without org.apache.avro.SERIALIZABLE_PACKAGES and without any
 * serde loaded, to show that copying and reading records works out of the box.
 */
class AvroClassTrustTest {

    @Test
    void generatedRecordsCanBeCopiedAndReadInAFreshJvmWithoutAnyAvroTrustFlag() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FreshJvm.class.getName())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();

        assertThat(output).contains("copied ATTENTION 2", "read ATTENTION 2");
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** Runs in the child JVM. */
    public static final class FreshJvm {
        public static void main(String[] args) throws IOException {
            Alert alert = TestRecords.alert("dev-1");
            // A builder copy deep-copies the enum and the nested records: Avro loads their classes by name.
            Alert copy = Alert.newBuilder(alert).build();
            System.out.println("copied " + copy.getKind() + " " + copy.getTopSensors().size());

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(Alert.class).write(alert, encoder);
            encoder.flush();
            Alert read = new SpecificDatumReader<>(Alert.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            System.out.println("read " + read.getKind() + " " + read.getTopSensors().size());
            if (!read.equals(alert) || !List.copyOf(copy.getTopSensors()).equals(alert.getTopSensors())) {
                System.exit(1);
            }
        }
    }
}
