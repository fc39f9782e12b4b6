package io.iotstream.scoring.metrics.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal HTTP/1.1 server for probe and scrape endpoints that keeps answering while other clients stall or
 * misbehave.
 *
 * <p>Why not {@code com.sun.net.httpserver}: its dispatcher hands a connection to the executor as soon as the first
 * byte arrives, and the executor thread then reads the request line and headers with blocking reads (so in JDK 17
 * and still in 25). A client that sends part of a request and stalls holds an executor thread until it goes away:
 * one such client blocks a single-thread executor, N of them a pool of N threads, and an unbounded pool is a
 * thread per attacker on Java 17 (no virtual threads). What would free the thread is {@code
 * sun.net.httpserver.maxReqTime}: off by default, in whole seconds, and, like {@code
 * jdk.httpserver.maxConnections} (JDK 18, backported to later 17 updates), a JVM-wide system property read once,
 * when the first server of the JVM is created. And that connection limit refuses newcomers, the probe too, while
 * stalled clients hold every slot.
 *
 * <p>So, the same on Java 17 and 21+:
 *
 * <ul>
 *   <li>one thread does all socket I/O, non-blocking: a stalled client costs a buffer, never a thread;
 *   <li>a client must send a complete request head within the read timeout, counted from when it connected or got
 *       its previous response (a deadline, not an idle timeout, so sending a byte now and then does not extend
 *       it), and read its response within the same time; otherwise it is closed;
 *   <li>at most {@code maxConnections} are open: a connection beyond that closes the one that has waited longest
 *       for its request head or response to make room, so stalled clients cannot lock the probes out; if every
 *       connection is being handled, the newcomer is closed at once (never queued);
 *   <li>request heads are bounded ({@code maxHeadBytes}) and parsed strictly ({@code RequestHead}); bodies are never
 *       read: a request with one is answered and its connection closed;
 *   <li>handlers run on two worker threads, so that a slow scrape stops neither the I/O nor the timeouts, nor a
 *       health check running beside it.
 * </ul>
 */
public final class ProbeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeServer.class);
    private static final int BACKLOG = 128;
    private static final int WORKERS = 2;
    /** Accepts per wake-up, so that a flood of connections does not hold up the others' I/O. */
    private static final int ACCEPT_BATCH = 64;

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ServerLimits limits;
    private final ProbeHandler handler;
    private final ExecutorService workers;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Touched by the I/O thread only. */
    private final Set<ProbeConnection> connections = new LinkedHashSet<>();
    private final Thread ioThread;
    private final int port;
    private volatile boolean running = true;

    private record Completion(ProbeConnection connection, byte[] response) {
    }

    private ProbeServer(ServerSocketChannel listener, Selector selector, ServerLimits limits, ProbeHandler handler,
            String name) throws IOException {
        this.listener = listener;
        this.selector = selector;
        this.limits = limits;
        this.handler = handler;
        this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        AtomicInteger workerCount = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS,
                r -> daemon(r, name + "-worker-" + workerCount.incrementAndGet()));
        this.ioThread = daemon(this::run, name);
    }

    /**
     * Listens on {@code address} (port 0: any free port) and serves until {@link #close()}.
     *
     * @param name the name of the I/O thread, and the prefix of the workers'
     * @throws IOException if the address cannot be bound
     */
    public static ProbeServer start(InetSocketAddress address, ServerLimits limits, ProbeHandler handler, String name)
            throws IOException {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(handler, "handler");
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.bind(address, BACKLOG);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            ProbeServer server = new ProbeServer(listener, selector, limits, handler, name);
            server.ioThread.start();
            return server;
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** The port listened on. */
    public int port() {
        return port;
    }

    /** Stops listening and closes every connection; waits (a little) for the I/O thread to finish. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        workers.shutdownNow();
        if (Thread.currentThread() != ioThread) {
            try {
                ioThread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the handler on a worker; the response comes back to the I/O thread through {@link #completions}. The
     * workers' queue is bounded all the same: a connection is not read while its request is handled, so there are
     * never more requests in it than connections.
     */
    void dispatch(ProbeConnection connection, RequestHead head) {
        try {
            workers.execute(() -> {
                completions.add(new Completion(connection, respond(head)));
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            connection.close(); // closing down
        }
    }

    private byte[] respond(RequestHead head) {
        try {
            return handler.handle(head.method(), head.path()).encode(head.isHead(), head.responseConnection());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", head.method(), head.path(), e);
            return Response.text(500, "internal error\n").encode(head.isHead(), "close");
        }
    }

    private void run() {
        try {
            while (running) {
                sendCompleted();
                selector.select(this::onReady, expireAndWait());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the operator endpoint stopped serving on port {}", port, e);
        } finally {
            connections.forEach(ProbeConnection::close);
            closeQuietly(selector);
            closeQuietly(listener);
        }
    }

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return; // closed by this round already, to make room
        }
        if (key.channel() == listener) {
            accept();
            return;
        }
        ProbeConnection connection = (ProbeConnection) key.attachment();
        try {
            connection.onReady();
        } catch (IOException e) {
            LOG.debug("connection dropped", e);
            connection.close();
        } catch (RuntimeException e) {
            LOG.warn("connection dropped", e);
            connection.close();
        }
    }

    private void sendCompleted() {
        Completion done;
        while ((done = completions.poll()) != null) {
            try {
                done.connection().send(done.response());
            } catch (IOException e) {
                LOG.debug("connection dropped", e);
                done.connection().close();
            }
        }
    }

    private void accept() {
        for (int i = 0; i < ACCEPT_BATCH; i++) {
            SocketChannel channel = null;
            try {
                channel = listener.accept();
                if (channel == null) {
                    return;
                }
                if (!makeRoom()) {
                    closeQuietly(channel);
                    continue;
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.add(new ProbeConnection(channel, selector, limits, this));
            } catch (IOException e) {
                LOG.debug("accept failed", e);
                if (channel != null) {
                    closeQuietly(channel);
                }
                return;
            }
        }
    }

    /** Whether a new connection may open, after closing the one that has waited longest if at the limit. */
    private boolean makeRoom() {
        connections.removeIf(ProbeConnection::isClosed);
        if (connections.size() < limits.maxConnections()) {
            return true;
        }
        long now = System.nanoTime();
        ProbeConnection oldest = null;
        for (ProbeConnection c : connections) {
            if (c.timed() && (oldest == null || c.deadline() - now < oldest.deadline() - now)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        oldest.close();
        connections.remove(oldest);
        return true;
    }

    /** Closes the connections past their deadline; returns how long to wait for the next (0: no deadline). */
    private long expireAndWait() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Iterator<ProbeConnection> it = connections.iterator(); it.hasNext();) {
            ProbeConnection c = it.next();
            if (c.timed() && c.deadline() - now <= 0) {
                c.close();
            }
            if (c.isClosed()) {
                it.remove();
            } else if (c.timed()) {
                next = Math.min(next, c.deadline() - now);
            }
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next) + 1);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing down anyway
        }
    }
}
