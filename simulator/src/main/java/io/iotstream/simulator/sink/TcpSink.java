package io.iotstream.simulator.sink;

import io.iotstream.schemas.csv.SensorEventLine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Serves the original's event lines to every client of a TCP port, as the original's
 * {@code sim_sensors_lr.py | nc -lk <port>} does: Spark's {@code socketTextStream}, {@code nc host port} or the
 * {@code bridge --connect} command connect and read lines.
 *
 * <p>Like {@code nc -lk}, the sink waits for a client before the first event and whenever the last client has
 * gone, so no line is lost for want of a reader; a slow client slows the simulation down (back-pressure).
 * Clients that connect later get the lines from then on. A client that disconnects is dropped.
 */
public final class TcpSink implements EventSink {

    private static final long CLIENT_POLL_MILLIS = 50;

    private final String bindAddress;
    private final int port;
    private final Consumer<String> log;
    private final BooleanSupplier stopRequested;
    private final LineBuffer buffer = new LineBuffer();
    private final List<Client> clients = new ArrayList<>();
    private ServerSocket server;
    private volatile long delivered; // read by the progress reporter

    /**
     * @param bindAddress the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port the port; 0 for any free one ({@link #port()} tells which)
     * @param log where to say that the sink listens and clients come and go
     * @param stopRequested ends the wait for a client
     */
    public TcpSink(String bindAddress, int port, Consumer<String> log, BooleanSupplier stopRequested) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.port = port;
        this.log = Objects.requireNonNull(log, "log");
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
    }

    @Override
    public void open() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(bindAddress, port));
        } catch (IOException e) {
            server.close();
            throw new SinkException("cannot listen on " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "): choose another --port or --bind address, or stop what uses it", e);
        }
        Thread acceptor = new Thread(this::acceptClients, "simulate-tcp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.accept("listening on " + bindAddress + ":" + port() + ", waiting for a client (Spark's "
                + "socketTextStream, bridge --connect, nc <host> " + port() + ")");
        awaitClient();
    }

    /** The port listened on (the chosen one when asked for 0). */
    public int port() {
        return server == null ? port : server.getLocalPort();
    }

    @Override
    public void reading(int device, long epochMillis, int sensor, double value) throws IOException {
        buffer.add(epochMillis, sensor, value);
        if (buffer.full()) {
            send(true);
        }
    }

    @Override
    public void frame(int device, long epochMillis, double[] values, Integer label) {
        throw new UnsupportedOperationException("frames are Avro records: use the Kafka sink");
    }

    @Override
    public void endOfStream(long epochMillis) throws IOException {
        send(true);
        buffer.add(epochMillis, SensorEventLine.END_OF_STREAM_SENSOR, 0.0);
        send(false);
    }

    @Override
    public void flush() throws IOException {
        send(true);
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public String describe() {
        return "tcp clients of " + bindAddress + ":" + port();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            synchronized (clients) {
                for (Client client : clients) {
                    client.close();
                }
                clients.clear();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    /** Writes the buffer to every client, waiting for one if there is none; drops clients that have gone. */
    private void send(boolean countLines) throws IOException {
        while (!buffer.isEmpty()) {
            List<Client> targets;
            synchronized (clients) {
                targets = List.copyOf(clients);
            }
            boolean written = false;
            for (Client client : targets) {
                try {
                    buffer.writeTo(client.out);
                    written = true;
                } catch (IOException e) {
                    drop(client, e);
                }
            }
            if (written) {
                if (countLines) {
                    delivered += buffer.lines();
                }
                buffer.clear();
            } else if (!awaitClient()) {
                buffer.clear(); // stopping: nobody to send to
            }
        }
    }

    /** Waits until a client is connected; false if a stop was requested first. */
    private boolean awaitClient() {
        synchronized (clients) {
            while (clients.isEmpty()) {
                if (stopRequested.getAsBoolean()) {
                    return false;
                }
                try {
                    clients.wait(CLIENT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void acceptClients() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true); // lines are batched here already; do not hold the last one back
                Client client = new Client(socket);
                synchronized (clients) {
                    clients.add(client);
                    clients.notifyAll();
                }
                log.accept("client " + client.address + " connected");
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.accept("accepting a client failed: " + e.getMessage());
                }
            }
        }
    }

    private void drop(Client client, IOException cause) {
        synchronized (clients) {
            clients.remove(client);
        }
        client.close();
        log.accept("client " + client.address + " disconnected (" + cause.getMessage() + ")");
    }

    private static final class Client {
        final Socket socket;
        final OutputStream out;
        final SocketAddress address;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.address = socket.getRemoteSocketAddress();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
