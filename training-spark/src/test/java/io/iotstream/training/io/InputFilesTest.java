package io.iotstream.training.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private Path dataset(String name, String... parts) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < parts.length; i++) {
            Files.writeString(d.resolve("part-0000" + i + ".csv"), parts[i]);
        }
        Files.writeString(d.resolve("_SUCCESS"), "");
        Files.writeString(d.resolve(".hidden"), "not data");
        return d;
    }

    @Test
    void shouldListDataFilesInPartitionOrderWithoutMarkers() throws Exception {
        InputFiles in = InputFiles.resolve(conf, dataset("a", "1,0.5\n", "0,0.1\n").toString(), InputFormat.AUTO);
        assertThat(in.format()).isEqualTo(InputFormat.CSV);
        assertThat(in.files()).extracting(f -> f.getPath().getName())
                .containsExactly("part-00000.csv", "part-00001.csv");
        assertThat(in.location()).isEqualTo("file:" + dir.resolve("a"));
    }

    @Test
    void shouldFingerprintContentIndependentlyOfWhereTheDataLives() throws Exception {
        String a = InputFiles.resolve(conf, dataset("a", "1,0.5\n", "0,0.1\n").toString(), InputFormat.AUTO)
                .fingerprint(conf);
        String sameElsewhere = InputFiles.resolve(conf, dataset("b", "1,0.5\n", "0,0.1\n").toString(),
                InputFormat.AUTO).fingerprint(conf);
        String otherContent = InputFiles.resolve(conf, dataset("c", "1,0.5\n", "0,0.2\n").toString(),
                InputFormat.AUTO).fingerprint(conf);
        assertThat(a).startsWith("sha256:").hasSize("sha256:".length() + 64).isEqualTo(sameElsewhere)
                .isNotEqualTo(otherContent);
    }

    @Test
    void shouldFindLineNumbersFromByteOffsets() throws Exception {
        Path f = Files.writeString(dir.resolve("x.csv"), "1,0.5\n0,0.1\n1,oops\n");
        assertThat(InputFiles.lineNumber(conf, f.toString(), 0)).isEqualTo(1);
        assertThat(InputFiles.lineNumber(conf, f.toString(), 6)).isEqualTo(2);
        assertThat(InputFiles.lineNumber(conf, f.toString(), 12)).isEqualTo(3);
    }

    @Test
    void shouldRefuseMissingAndEmptyInput() throws Exception {
        assertThatThrownBy(() -> InputFiles.resolve(conf, dir.resolve("none").toString(), InputFormat.AUTO))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        Files.createFile(dir.resolve("empty.csv"));
        assertThatThrownBy(() -> InputFiles.resolve(conf, dir.resolve("empty.csv").toString(), InputFormat.AUTO))
                .hasMessageContaining("is empty");
    }
}
