package io.iotstream.devservices;

import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3 API server (S3Proxy) running in this JVM, bound to 127.0.0.1 on a free port, for tests.
 *
 * <p>Objects live in memory (S3Proxy's "transient" blob store), or with {@link #startOnFilesystem(Path)} as files
 * under a folder (its "filesystem" blob store), and survive {@link #stop()} / {@link #restart()}, which stop and
 * start only the HTTP server, on the same port. Requests must be signed (AWS signature v2 or v4)
 * with {@link #accessKey()} / {@link #secretKey()}; use path-style access, region {@link #region()}.
 *
 * <p>Conditional requests behave as on AWS: {@code PutObject} with {@code If-None-Match: *} on an existing key
 * and with a stale {@code If-Match} ETag answer 412; {@code GetObject} answers 304 for a matching
 * {@code If-None-Match} and 412 for a stale {@code If-Match}.
 *
 * <p>Use {@link #shared()} for ordinary tests; {@link #start()} gives a private instance for tests that stop or
 * restart the server.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static S3ProxyServer shared;

    static {
        // S3Proxy and its Jetty log a dozen INFO lines per start; keep test output readable unless asked otherwise.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.gaul") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
        }
    }

    private final BlobStore blobStore;
    private final String accessKey;
    private final String secretKey;
    private final boolean isShared;
    private S3Proxy proxy;
    private int port;
    private boolean closed;

    private S3ProxyServer(boolean isShared, BlobStore blobStore) {
        this.isShared = isShared;
        this.blobStore = blobStore;
        SecureRandom random = new SecureRandom();
        this.accessKey = "AKIA" + randomHex(random, 8).toUpperCase(java.util.Locale.ROOT);
        this.secretKey = randomHex(random, 20);
    }

    /** Starts a new server; the caller closes it. */
    public static S3ProxyServer start() {
        S3ProxyServer server = new S3ProxyServer(false, new TransientNio2BlobStore());
        server.startHttp(0);
        return server;
    }

    /**
     * Starts a new server whose objects are files under {@code dir} (created if missing): each bucket a folder,
     * each object a file at its key's path, its metadata in extended attributes. They outlive the server: a server
     * started later on the same folder serves them again (with new credentials, on a new port). Conditional
     * requests behave as with {@link #start()} (S3Proxy treats both stores alike). The caller closes it;
     * {@link #close()} keeps the files.
     *
     * @throws IllegalStateException if the folder cannot be created
     */
    public static S3ProxyServer startOnFilesystem(Path dir) {
        Path root = dir.toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the S3Proxy folder " + root + ": " + e.getMessage(), e);
        }
        S3ProxyServer server = new S3ProxyServer(false, new FilesystemNio2BlobStore(root.toString()));
        server.startHttp(0);
        return server;
    }

    /**
     * Returns the server shared by all tests of this JVM, starting it at first use; it is stopped when the JVM
     * exits, and {@link #close()} on it does nothing. Do not {@link #stop()} it: use {@link #start()} for that.
     */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            S3ProxyServer server = new S3ProxyServer(true, new TransientNio2BlobStore());
            server.startHttp(0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "s3proxy-shutdown"));
            shared = server;
        }
        return shared;
    }

    /** {@code http://127.0.0.1:<port>}; the port stays the same across {@link #restart()}. */
    public synchronized URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The access key id requests must be signed with. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret access key requests must be signed with. */
    public String secretKey() {
        return secretKey;
    }

    /** The region to sign requests for: {@code us-east-1}. */
    public String region() {
        return REGION;
    }

    /** Creates the bucket unless it exists. Works while the HTTP server is stopped, too. */
    public synchronized void createBucket(String name) {
        Objects.requireNonNull(name, "name");
        checkNotClosed();
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    /** Stops the HTTP server: connections are refused until {@link #restart()}. Objects are kept. */
    public synchronized void stop() {
        checkNotClosed();
        stopHttp();
    }

    /** Starts the HTTP server again (stopping it first if it runs), on the same port, with the same objects. */
    public synchronized void restart() {
        checkNotClosed();
        stopHttp();
        startHttp(port);
    }

    /**
     * Stops the server and drops its objects (those of {@link #startOnFilesystem(Path)} stay on disk); does nothing
     * on the {@link #shared()} instance.
     */
    @Override
    public void close() {
        if (!isShared) {
            shutdown();
        }
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        stopHttp();
        blobStore.close();
    }

    private void startHttp(int wantedPort) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            S3Proxy candidate = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    // stop() simulates an unreachable store: drop open connections at once, no graceful drain
                    .stopTimeout(0)
                    .build();
            try {
                candidate.start();
                Await.until("S3Proxy on port " + wantedPort + " is started", START_TIMEOUT,
                        () -> "STARTED".equals(candidate.getState()));
                proxy = candidate;
                port = candidate.getPort();
                return;
            } catch (Exception e) {
                stopQuietly(candidate);
                // After stop() the old socket may linger for a moment; keep trying the same port until the deadline.
                if (wantedPort != 0 && isBindFailure(e) && System.nanoTime() - deadline < 0) {
                    sleepBriefly();
                    continue;
                }
                throw new IllegalStateException("S3Proxy did not start on 127.0.0.1:" + wantedPort, e);
            }
        }
    }

    private void stopHttp() {
        if (proxy != null) {
            stopQuietly(proxy);
            proxy = null;
        }
    }

    private static void stopQuietly(S3Proxy s3Proxy) {
        try {
            s3Proxy.stop();
        } catch (Exception ignored) {
            // it may not have started; there is nothing else to release
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("S3ProxyServer is closed");
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restarting S3Proxy", e);
        }
    }

    private static String randomHex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
