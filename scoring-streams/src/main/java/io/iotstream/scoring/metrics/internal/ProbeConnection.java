package io.iotstream.scoring.metrics.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One client connection of a {@link ProbeServer}, driven by its I/O thread only (no locking): waits for a complete
 * request head, hands it to the server, writes the response, then waits for the next request or closes. Every
 * state but "being handled" has a deadline, after which the server closes the connection.
 */
final class ProbeConnection {

    /** After a {@code Connection: close} response, how long to drain what the client still sends. */
    private static final long MAX_LINGER_NANOS = Duration.ofSeconds(2).toNanos();

    private enum State { READING_HEAD, HANDLING, WRITING, LINGERING, CLOSED }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ProbeServer server;
    private final long readTimeoutNanos;
    /** The head read so far, and what a client sent after it (pipelining), in bytes [0, position). */
    private final ByteBuffer in;
    private int scanned;
    private State state;
    private long deadline;
    private ByteBuffer out;
    private boolean closeAfterResponse;

    ProbeConnection(SocketChannel channel, Selector selector, ServerLimits limits, ProbeServer server)
            throws IOException {
        this.channel = channel;
        this.server = server;
        this.readTimeoutNanos = limits.readTimeout().toNanos();
        this.in = ByteBuffer.allocate(limits.maxHeadBytes());
        this.key = channel.register(selector, SelectionKey.OP_READ, this);
        awaitRequest();
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Whether a deadline runs: not while the request is being handled, which is no fault of the client's. */
    boolean timed() {
        return state != State.HANDLING && state != State.CLOSED;
    }

    /** When the connection is closed if it does not progress; meaningful only if {@link #timed()}. */
    long deadline() {
        return deadline;
    }

    void onReady() throws IOException {
        int ready = key.readyOps();
        if ((ready & SelectionKey.OP_READ) != 0 && state == State.READING_HEAD) {
            readHead();
        } else if ((ready & SelectionKey.OP_READ) != 0 && state == State.LINGERING) {
            drain();
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && state == State.WRITING) {
            write();
        }
    }

    /** Sends a response (called on the I/O thread); ignored if the connection was closed meanwhile. */
    void send(byte[] response) throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        out = ByteBuffer.wrap(response);
        state = State.WRITING;
        deadline = System.nanoTime() + readTimeoutNanos;
        write();
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        key.cancel();
        try {
            // Linux resets a connection closed with unread data: take what has arrived, for an orderly close.
            in.clear();
            channel.read(in);
        } catch (IOException e) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private void awaitRequest() {
        state = State.READING_HEAD;
        deadline = System.nanoTime() + readTimeoutNanos;
        key.interestOps(SelectionKey.OP_READ);
    }

    private void readHead() throws IOException {
        if (channel.read(in) < 0) {
            close();
        } else {
            parseBuffered();
        }
    }

    private void parseBuffered() throws IOException {
        skipEmptyLines();
        int end = headEnd();
        if (end < 0) {
            if (!in.hasRemaining()) {
                boolean inRequestLine = indexOf((byte) '\n') < 0;
                reject(new BadRequestException(inRequestLine ? 414 : 431, inRequestLine
                        ? "request line too long" : "request head too large"));
            }
            return;
        }
        RequestHead head;
        try {
            head = RequestHead.parse(in.array(), end);
        } catch (BadRequestException e) {
            reject(e);
            return;
        }
        consume(end);
        closeAfterResponse = !head.persistent();
        state = State.HANDLING;
        key.interestOps(0);
        server.dispatch(this, head);
    }

    private void reject(BadRequestException e) throws IOException {
        closeAfterResponse = true;
        send(Response.text(e.status(), e.getMessage() + "\n").encode(false, "close"));
    }

    private void write() throws IOException {
        channel.write(out);
        if (out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        out = null;
        if (closeAfterResponse) {
            linger();
        } else {
            awaitRequest();
            parseBuffered();
        }
    }

    // Closing while the client still sends (a body never read) would reset the connection, and the client could
    // lose the response: so half-close, and read what still comes until the client closes too.
    private void linger() throws IOException {
        channel.shutdownOutput();
        in.clear();
        state = State.LINGERING;
        deadline = System.nanoTime() + Math.min(readTimeoutNanos, MAX_LINGER_NANOS);
        key.interestOps(SelectionKey.OP_READ);
    }

    private void drain() throws IOException {
        int read = channel.read(in);
        in.clear();
        if (read < 0) {
            close();
        }
    }

    // RFC 9112 2.2: a server SHOULD ignore empty lines received before a request line.
    private void skipEmptyLines() {
        int skip = 0;
        while (skip + 1 < in.position() && in.get(skip) == '\r' && in.get(skip + 1) == '\n') {
            skip += 2;
        }
        consume(skip);
    }

    /**
     * The length of the head if it is complete: up to and with the first empty line. A bare LF also counts as a
     * line end here, so that a client that sends only LFs gets its 400 at once instead of waiting for a timeout.
     */
    private int headEnd() {
        int limit = in.position();
        for (int i = Math.max(0, scanned - 2); i < limit; i++) {
            if (in.get(i) != '\n') {
                continue;
            }
            if (i + 1 < limit && in.get(i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < limit && in.get(i + 1) == '\r' && in.get(i + 2) == '\n') {
                return i + 3;
            }
        }
        scanned = limit;
        return -1;
    }

    private int indexOf(byte b) {
        for (int i = 0; i < in.position(); i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private void consume(int length) {
        if (length == 0) {
            return;
        }
        byte[] bytes = in.array();
        int remaining = in.position() - length;
        System.arraycopy(bytes, length, bytes, 0, remaining);
        in.position(remaining);
        scanned = 0;
    }
}
