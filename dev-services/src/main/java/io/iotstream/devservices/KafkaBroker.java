package io.iotstream.devservices;

import io.iotstream.devservices.internal.BrokerServerConfig;
import io.iotstream.devservices.internal.KafkaNodeJvm;
import io.iotstream.devservices.internal.TestCertificates;
import io.iotstream.devservices.internal.TopicAdmin;
import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.devservices.process.ExitCleanup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka (KRaft, combined broker and controller) in a child JVM, listening on 127.0.0.1 on free
 * ports, with its data in a temp dir. Internal topics have one partition and replication factor 1, so consumer
 * groups and transactions work at once; topics are auto-created on first use.
 *
 * <p>Use {@link #shared()} for ordinary tests; {@link #start()} gives a private broker for tests that
 * {@link #stop()} or {@link #restart()} it. The broker's output goes to {@link #logFile()}; start failures include
 * its tail.
 *
 * <p>{@link #sharedSaslSsl()} and {@link #startSaslSsl()} give a secured broker, as production clusters run: its
 * client listener ({@link #bootstrapServers()}) is {@code SASL_SSL}, SCRAM-SHA-512 over TLS with a certificate
 * signed by a CA made for it, and refuses plaintext and unknown users or wrong passwords. Clients need
 * {@link #clientSettings()} (or the file {@link #clientPropertiesFile()}). The broker's own traffic and
 * {@link #createTopic} use an internal plaintext listener that tests should not use.
 */
public final class KafkaBroker implements KafkaService, AutoCloseable {

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** The SCRAM user that {@link #clientSettings()} logs in as. */
    public static final String SCRAM_USERNAME = "iotstream-client";
    private static final String SCRAM_MECHANISM = BrokerServerConfig.SCRAM_MECHANISM;

    private static KafkaBroker shared;
    private static KafkaBroker sharedSaslSsl;

    static {
        // Kafka clients log every config and every reconnect attempt at INFO; keep test output readable unless
        // the user configured these loggers (slf4j-simple reads system properties when a logger is created).
        for (String logger : List.of("org.apache.kafka.clients", "org.apache.kafka.common")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private final Path dir;
    private final Path logDir;
    private final Path properties;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int brokerPort;
    private final int controllerPort;
    /** SASL_SSL only: the plaintext listener of the broker's own traffic and of {@link #admin()}; else -1. */
    private final int internalPort;
    private final boolean isShared;
    private final boolean saslSsl;
    private final String scramPassword = "scram-" + Uuid.randomUuid();
    private final String truststorePassword = "trust-" + Uuid.randomUuid();
    private final BrokerServerConfig serverConfig;
    private final TopicAdmin topics;
    private TestCertificates certificates;
    private ChildProcess child;
    private boolean closed;

    private KafkaBroker(boolean isShared, boolean saslSsl) {
        this.isShared = isShared;
        this.saslSsl = saslSsl;
        try {
            this.dir = Files.createTempDirectory("iotstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for the broker", e);
        }
        ExitCleanup.deleteAtExit(dir);
        this.logDir = dir.resolve("data");
        this.properties = dir.resolve("server.properties");
        int[] ports = FreePorts.find(saslSsl ? 3 : 2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
        this.internalPort = saslSsl ? ports[2] : -1;
        this.serverConfig = new BrokerServerConfig(dir, logDir, brokerPort, controllerPort, internalPort, saslSsl,
                SCRAM_USERNAME, scramPassword, truststorePassword);
        this.topics = new TopicAdmin(serverConfig.internalBootstrap(), logDir, this::describe);
    }

    /** Starts a new broker and waits until it answers; the caller closes it. */
    public static KafkaBroker start() {
        return start(false, false);
    }

    /** Starts a new broker whose client listener is SASL_SSL (see the class doc); the caller closes it. */
    public static KafkaBroker startSaslSsl() {
        return start(false, true);
    }

    /**
     * Returns the broker shared by all tests of this JVM, starting it at first use; it is stopped when the JVM
     * exits and {@link #close()} on it does nothing. Do not stop or restart it: use {@link #start()} for that.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaBroker broker = start(true, false);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown, "kafka-broker-shutdown"));
            shared = broker;
        }
        return shared;
    }

    /**
     * Like {@link #shared()}, a SASL_SSL broker (see the class doc) shared by all tests of this JVM: one per test
     * module, as each costs a JVM and a few seconds to start.
     */
    public static synchronized KafkaBroker sharedSaslSsl() {
        if (sharedSaslSsl == null) {
            KafkaBroker broker = start(true, true);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown, "kafka-sasl-ssl-broker-shutdown"));
            sharedSaslSsl = broker;
        }
        return sharedSaslSsl;
    }

    private static KafkaBroker start(boolean isShared, boolean saslSsl) {
        KafkaBroker broker = new KafkaBroker(isShared, saslSsl);
        try {
            broker.certificates = broker.serverConfig.write(broker.properties);
            broker.launch();
            return broker;
        } catch (RuntimeException | Error e) {
            broker.shutdown();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}; the same across {@link #restart()}. */
    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Whether the client listener is SASL_SSL. */
    @Override
    public boolean isSaslSsl() {
        return saslSsl;
    }

    /**
     * The client settings, besides {@code bootstrap.servers}, that every client of this broker needs: empty for a
     * plaintext broker; for SASL_SSL {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}
     * (user {@link #SCRAM_USERNAME}, password {@link #scramPassword()}) and the trust store.
     */
    public Map<String, String> clientSettings() {
        return saslSsl ? clientSettings(SCRAM_USERNAME, scramPassword) : Map.of();
    }

    /**
     * The SASL_SSL client settings with another user or password, e.g. to check that a wrong one is refused.
     *
     * @throws IllegalStateException on a plaintext broker
     */
    public Map<String, String> clientSettings(String username, String password) {
        if (!saslSsl) {
            throw new IllegalStateException("this broker is plaintext: start it with startSaslSsl()");
        }
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + username + "\" password=\"" + password + "\";",
                "ssl.truststore.location", certificates.truststore().toString(),
                "ssl.truststore.password", truststorePassword,
                "ssl.truststore.type", "PKCS12");
    }

    /**
     * {@link #clientSettings()} as a client properties file, the kind every IoTStream command takes
     * ({@code --kafka-config}, {@code --kafka-config-file}); empty for a plaintext broker.
     */
    @Override
    public Path clientPropertiesFile() {
        Path file = dir.resolve("client.properties");
        if (!Files.exists(file)) {
            Properties p = new Properties();
            p.putAll(clientSettings());
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(out, "client settings of the IoTStream test broker at " + bootstrapServers());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
        }
        return file;
    }

    /** The password of {@link #SCRAM_USERNAME}, random per broker. */
    public String scramPassword() {
        return requireSaslSsl(scramPassword);
    }

    /** The clients' trust store (PKCS12, the broker's CA only). */
    public Path truststore() {
        return requireSaslSsl(certificates.truststore());
    }

    /** The trust store's password, random per broker. */
    public String truststorePassword() {
        return requireSaslSsl(truststorePassword);
    }

    private <T> T requireSaslSsl(T value) {
        if (!saslSsl) {
            throw new IllegalStateException("this broker is plaintext: start it with startSaslSsl()");
        }
        return value;
    }

    /**
     * The broker's process while it runs, e.g. for a benchmark to read its CPU time; empty while stopped.
     */
    public synchronized Optional<ProcessHandle> process() {
        return child != null && child.isAlive() ? ProcessHandle.of(child.pid()) : Optional.empty();
    }

    /** The file the broker's output goes to. */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader. Does nothing if
     * the topic exists with that many partitions.
     *
     * @throws IllegalStateException if the topic exists with another partition count, or is not usable in time
     */
    @Override
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        checkNotClosed();
        topics.createTopic(name, partitions, configs);
    }

    /**
     * Kills the broker JVM at once (like a crash); its data and ports are kept for {@link #restart()}. Records
     * acknowledged before survive: they are in the OS page cache, which outlives the process.
     */
    public synchronized void stop() {
        checkNotClosed();
        if (child != null) {
            if (child.isAlive()) {
                // Kafka writes a new partition's topic id (partition.metadata) a moment after creating it; a
                // partition killed before that is treated as stray at restart and its records are set aside.
                // A real crash can hit that window too, but tests want a deterministic restart.
                try {
                    Await.until("partition.metadata written for every partition", Duration.ofSeconds(5),
                            () -> topics.unflushedPartitionDirs().isEmpty());
                } catch (AssertionError e) {
                    System.err.println("[dev-services] killing the broker anyway: " + e.getMessage());
                }
            }
            child.kill();
            child = null;
        }
    }

    /** Kills the broker JVM if it runs, then starts it again on the same ports and data, and waits until it answers. */
    public synchronized void restart() {
        checkNotClosed();
        stop();
        launch();
    }

    /** Kills the broker and deletes its data; does nothing on the {@link #shared()} instance. */
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
        topics.close();
        if (child != null) {
            child.kill();
        }
        ExitCleanup.deleteTree(dir);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Duration startTimeout() {
        String seconds = System.getProperty("iotstream.kafka.start.timeout.seconds");
        return seconds == null ? DEFAULT_START_TIMEOUT : Duration.ofSeconds(Long.parseLong(seconds.trim()));
    }

    private void launch() {
        long t0 = System.nanoTime();
        child = KafkaNodeJvm.start("Kafka broker", List.of("-Xms128m", "-Xmx512m"), dir, properties, clusterId, logDir,
                serverConfig.formatOptions(), logFile());
        Duration timeout = startTimeout();
        Boolean up;
        try {
            up = Await.until("Kafka broker at " + bootstrapServers() + " answers describeCluster", timeout,
                    () -> child.isAlive() ? topics.answers() : Boolean.FALSE);
        } catch (AssertionError e) {
            throw new IllegalStateException(describe("The Kafka broker did not answer within " + timeout), e);
        }
        if (!up) {
            throw new IllegalStateException(describe("The Kafka broker exited during start"));
        }
        System.err.printf("[dev-services] Kafka broker up at %s%s in %d ms%n", bootstrapServers(),
                saslSsl ? " (SASL_SSL)" : "",
                (System.nanoTime() - t0) / 1_000_000);
    }

    private String describe(String what) {
        return child == null ? what : child.describeFailure(what);
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("KafkaBroker is closed");
        }
    }
}
