package io.iotstream.simulator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.simulator.source.ReadingSource.Item;
import io.iotstream.devservices.FreePorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line sources: stdin, a file, a TCP server. What the bridge does with the lines is BridgeTest's. */
class LineSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldNumberLinesFromOneAndMarkOverlongLinesMalformed() throws IOException {
        String text = "a\n" + "x".repeat(100) + "\r\nb";
        try (LineSource source = LineSource.stdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                64)) {
            source.open();
            assertThat(source.next()).isEqualTo(new Item(1, "a", null));
            assertThat(source.next()).isEqualTo(new Item(2, "x".repeat(64), "longer than 64 bytes"));
            assertThat(source.next()).isEqualTo(new Item(3, "b", null));
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void shouldLeaveStdinOpen() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream stdin = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        LineSource source = LineSource.stdin(stdin, 64);
        assertThat(source.name()).isEqualTo("stdin");
        source.open();
        source.close();
        assertThat(closed).isFalse();
    }

    @Test
    void shouldReadAFileAndNameIt() throws IOException {
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, "2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453\n");
        try (LineSource source = LineSource.file(file, 64)) {
            assertThat(source.name()).isEqualTo("file:" + file);
            source.open();
            assertThat(source.next().text()).isEqualTo("2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453");
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void shouldRefuseAMissingFileNamingTheFlag() {
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> LineSource.file(missing, 64).open()).isInstanceOf(SourceException.class)
                .hasMessage("no such file: " + missing + ": check --input");
    }

    @Test
    void shouldRefuseATcpServerThatIsNotListeningNamingTheFix() {
        int port = FreePorts.find();
        LineSource source = LineSource.tcp("127.0.0.1", port, Duration.ofSeconds(5), 64);
        assertThat(source.name()).isEqualTo("tcp://127.0.0.1:" + port);
        assertThatThrownBy(source::open).isInstanceOf(SourceException.class)
                .hasMessageStartingWith("cannot connect to 127.0.0.1:" + port + " (")
                .hasMessageContaining("nc -lk " + port + ", or simulate --sink tcp");
    }

    @Test
    void shouldReadATcpServerAndEndAWaitingReadWhenClosedFromAnotherThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LineSource source = LineSource.tcp("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5), 64);
            source.open();
            try (Socket client = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(source.next()).isEqualTo(new Item(1, "first", null));

                // the server sends nothing more and stays connected: only a close ends the wait
                CompletableFuture<Item> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return source.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                source.close();
                assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasRootCauseInstanceOf(IOException.class);
            }
        }
    }
}
