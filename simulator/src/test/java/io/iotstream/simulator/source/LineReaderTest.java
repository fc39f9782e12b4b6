package io.iotstream.simulator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> read(LineReader reader, List<Boolean> tooLong) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
            tooLong.add(reader.lastWasTooLong());
        }
        return lines;
    }

    @Test
    void shouldSplitOnNewlinesAndCrLfAndKeepALastLineWithoutNewline() throws IOException {
        List<Boolean> tooLong = new ArrayList<>();
        LineReader reader = new LineReader(stream("a\nbb\r\n\nccc"), 100);
        assertThat(read(reader, tooLong)).containsExactly("a", "bb", "", "ccc");
        assertThat(tooLong).containsOnly(false);
    }

    @Test
    void shouldCutLinesOverTheLimitAndCarryOnWithTheNextLine() throws IOException {
        List<Boolean> tooLong = new ArrayList<>();
        String huge = "x".repeat(200_000);
        LineReader reader = new LineReader(stream("ok\n" + huge + "\nnext\n"), 64);
        assertThat(read(reader, tooLong)).containsExactly("ok", "x".repeat(64), "next");
        assertThat(tooLong).containsExactly(false, true, false);
    }

    @Test
    void shouldReadLinesThatArriveInPieces() throws IOException {
        byte[] bytes = "2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453\nµ-second\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
        List<Boolean> tooLong = new ArrayList<>();
        assertThat(read(new LineReader(trickle, 1000), tooLong))
                .containsExactly("2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453", "µ-second");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
