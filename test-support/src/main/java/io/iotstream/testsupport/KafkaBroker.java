package io.iotstream.testsupport;

import io.iotstream.testsupport.internal.ChildProcess;
import io.iotstream.testsupport.internal.KafkaServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Kafka (KRaft, combined broker and controller) in a child JVM, listening on 127.0.0.1 on free
 * ports, with its data in a temp dir. Internal topics have one partition and replication factor 1, so consumer
 * groups and transactions work at once; topics are auto-created on first use.
 *
 * <p>Use {@link #shared()} for ordinary tests; {@link #start()} gives a private broker for tests that
 * {@link #stop()} or {@link #restart()} it. The broker's output goes to {@link #logFile()}; start failures include
 * its tail.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private static KafkaBroker shared;

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
    private final boolean isShared;
    private ChildProcess child;
    private Admin admin;
    private boolean closed;

    private KafkaBroker(boolean isShared) {
        this.isShared = isShared;
        try {
            this.dir = Files.createTempDirectory("iotstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for the broker", e);
        }
        ChildProcess.deleteAtExit(dir);
        this.logDir = dir.resolve("data");
        this.properties = dir.resolve("server.properties");
        int[] ports = FreePorts.find(2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
    }

    /** Starts a new broker and waits until it answers; the caller closes it. */
    public static KafkaBroker start() {
        return start(false);
    }

    /**
     * Returns the broker shared by all tests of this JVM, starting it at first use; it is stopped when the JVM
     * exits and {@link #close()} on it does nothing. Do not stop or restart it: use {@link #start()} for that.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaBroker broker = start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown, "kafka-broker-shutdown"));
            shared = broker;
        }
        return shared;
    }

    private static KafkaBroker start(boolean isShared) {
        KafkaBroker broker = new KafkaBroker(isShared);
        try {
            broker.writeProperties();
            broker.launch();
            return broker;
        } catch (RuntimeException | Error e) {
            broker.shutdown();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}; the same across {@link #restart()}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
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
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        checkNotClosed();
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs == null ? Map.of() : configs);
        try {
            admin().createTopics(List.of(topic)).all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(describe("Creating topic " + name + " took longer than " + TOPIC_TIMEOUT),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
        TopicDescription description = Await.until("topic " + name + " has a leader for each partition",
                TOPIC_TIMEOUT, () -> {
                    TopicDescription d = describeTopic(name);
                    return d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())
                            ? d : null;
                });
        if (description.partitions().size() != partitions) {
            throw new IllegalStateException("Topic " + name + " exists with " + description.partitions().size()
                    + " partitions, not " + partitions);
        }
        Await.until("topic " + name + " has its topic id on disk", TOPIC_TIMEOUT,
                () -> unflushedPartitionDirs().stream().noneMatch(d -> d.getFileName().toString()
                        .matches(java.util.regex.Pattern.quote(name) + "-\\d+")));
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
                            () -> unflushedPartitionDirs().isEmpty());
                } catch (AssertionError e) {
                    System.err.println("[test-support] killing the broker anyway: " + e.getMessage());
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
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
        if (child != null) {
            child.kill();
        }
        ChildProcess.deleteTree(dir);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void writeProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // single node: internal topics with one replica and one partition, created fast
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a kill, the restarted broker cannot register until the controller expires its old session
        // (default 9 s); a short session makes restart() quick. Still long enough for GC pauses on a busy box.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "3000");
        // two shared cores and a small heap: fewer threads, a small cleaner buffer (the default takes 128 MiB)
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.setProperty("auto.create.topics.enable", "true");
        try (var out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            p.store(out, "IoTStream test broker");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + properties, e);
        }
    }

    private static Duration startTimeout() {
        String seconds = System.getProperty("iotstream.kafka.start.timeout.seconds");
        return seconds == null ? DEFAULT_START_TIMEOUT : Duration.ofSeconds(Long.parseLong(seconds.trim()));
    }

    private void launch() {
        long t0 = System.nanoTime();
        Path javaExecutable = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = List.of(
                "-Xms128m", "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + dir,
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn");
        List<String> classpath = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        child = ChildProcess.startJava("Kafka broker", javaExecutable, jvm, classpath, KafkaServerMain.class.getName(),
                List.of(properties.toString(), clusterId, logDir.toString()), dir, logFile());
        Duration timeout = startTimeout();
        Boolean up;
        try {
            up = Await.until("Kafka broker at " + bootstrapServers() + " answers describeCluster", timeout, () -> {
                if (!child.isAlive()) {
                    return Boolean.FALSE;
                }
                try {
                    return admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty() ? null : Boolean.TRUE;
                } catch (ExecutionException | TimeoutException e) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } catch (AssertionError e) {
            throw new IllegalStateException(describe("The Kafka broker did not answer within " + timeout), e);
        }
        if (!up) {
            throw new IllegalStateException(describe("The Kafka broker exited during start"));
        }
        System.err.printf("[test-support] Kafka broker up at %s in %d ms%n", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Partition folders ({@code <topic>-<n>}) whose {@code partition.metadata} (the topic id) is not written yet. */
    private List<Path> unflushedPartitionDirs() {
        if (!Files.isDirectory(logDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(logDir)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> {
                        String n = d.getFileName().toString();
                        return n.matches(".+-\\d+") && !n.startsWith("__cluster_metadata-");
                    })
                    .filter(d -> !Files.isRegularFile(d.resolve("partition.metadata")))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TopicDescription describeTopic(String name) {
        try {
            return admin().describeTopics(Set.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not describe topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
            p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "test-support-admin");
            admin = Admin.create(p);
        }
        return admin;
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
