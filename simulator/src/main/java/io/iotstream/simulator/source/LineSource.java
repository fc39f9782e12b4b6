package io.iotstream.simulator.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The original's event lines, as {@code sim_sensors_lr.py} prints them, from standard input, a file or a TCP
 * server (one connection, as Spark's socket source makes). Each line is an item; its position is its line number.
 * Lines end with {@code \n} or {@code \r\n}; a line over the length limit is an item cut to the limit and marked
 * malformed, so that a stream without newlines cannot exhaust the memory.
 */
public final class LineSource implements ReadingSource {

    /** Opens the stream; a failure the user can fix is a {@link SourceException} that names the fix. */
    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final int maxLineBytes;
    private final Opener opener;
    private final Object lock = new Object();
    private InputStream in; // guarded by lock: close() may come from another thread
    private boolean closed; // guarded by lock
    private LineReader reader;
    private long lines;

    private LineSource(String name, int maxLineBytes, Opener opener) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes is " + maxLineBytes);
        }
        this.name = name;
        this.maxLineBytes = maxLineBytes;
        this.opener = opener;
    }

    /**
     * Lines from standard input, named {@code stdin}.
     *
     * @param stdin left open by {@link #close()}: it belongs to the process (or the test)
     */
    public static LineSource stdin(InputStream stdin, int maxLineBytes) {
        Objects.requireNonNull(stdin, "stdin");
        return new LineSource("stdin", maxLineBytes, () -> new FilterInputStream(stdin) {
            @Override
            public void close() {
            }
        });
    }

    /** Lines of a file, named {@code file:<path>}. */
    public static LineSource file(Path file, int maxLineBytes) {
        Objects.requireNonNull(file, "file");
        return new LineSource("file:" + file, maxLineBytes, () -> {
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw new SourceException("no such file: " + file + ": check --input", e);
            }
        });
    }

    /**
     * Lines from a TCP server, named {@code tcp://host:port}: one connection, tried for {@code connectTimeout}.
     * {@link #close()} from another thread ends a read that waits for the server.
     */
    public static LineSource tcp(String host, int port, Duration connectTimeout, int maxLineBytes) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        return new LineSource("tcp://" + host + ":" + port, maxLineBytes, () -> connect(host, port, connectTimeout));
    }

    private static InputStream connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            // closing the socket's stream closes the socket, which is what unblocks a waiting read
            return socket.getInputStream();
        } catch (IOException e) {
            socket.close();
            throw new SourceException("cannot connect to " + host + ":" + port + " (" + e.getMessage()
                    + "): start the stream source first, e.g. python sim_sensors_lr.py ... | nc -lk " + port
                    + ", or simulate --sink tcp", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() throws IOException {
        if (reader != null) {
            throw new IllegalStateException(name + " is open already");
        }
        InputStream opened = opener.open();
        synchronized (lock) {
            in = opened;
            if (closed) {
                // closed while connecting (a stop request): the first read fails instead of waiting
                opened.close();
            }
        }
        reader = new LineReader(opened, maxLineBytes);
    }

    @Override
    public Item next() throws IOException {
        if (reader == null) {
            throw new IllegalStateException(name + " is not open");
        }
        String line = reader.next();
        if (line == null) {
            return null;
        }
        lines++;
        return new Item(lines, line, reader.lastWasTooLong() ? "longer than " + maxLineBytes + " bytes" : null);
    }

    @Override
    public void close() throws IOException {
        InputStream opened;
        synchronized (lock) {
            closed = true;
            opened = in;
        }
        if (opened != null) {
            opened.close();
        }
    }
}
