package io.iotstream.devservices;

import io.iotstream.devservices.internal.BrokerServerConfig;
import io.iotstream.devservices.internal.KafkaNodeJvm;
import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.devservices.process.ExitCleanup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of several KRaft nodes, each a child JVM that is broker and controller at once (combined mode),
 * on 127.0.0.1 with free ports: what the cluster scenarios need to kill, stop and restart single brokers, and the
 * controller quorum's leader, while clients keep working.
 *
 * <p>Combined nodes rather than a separate controller quorum: three JVMs instead of six on two shared cores, and the
 * same failure a small production cluster has when a node dies (it takes a broker and a voter with it). Kafka
 * recommends separate controllers for large clusters, where controller load and broker load should not compete;
 * docs/RELIABILITY.md says what that changes for the scenarios (nothing the scorer can see).
 *
 * <p>Internal topics (offsets, transactions) have the cluster's replication (up to 3) and {@code min.insync.replicas}
 * one below it, so exactly-once keeps working with one node down.
 */
public final class KafkaCluster implements KafkaService, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, NodeProcess> nodes = new TreeMap<>();
    private final Admin admin;
    private boolean closed;

    private KafkaCluster(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + size);
        }
        try {
            this.dir = Files.createTempDirectory("iotstream-kafka-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for the cluster", e);
        }
        ExitCleanup.deleteAtExit(dir);
        int[] ports = FreePorts.find(2 * size);
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports[2 * i + 1]).collect(Collectors.joining(","));
        int replication = Math.min(3, size);
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            Path nodeDir = dir.resolve("node-" + id);
            try {
                Files.createDirectories(nodeDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create " + nodeDir, e);
            }
            BrokerServerConfig config = new BrokerServerConfig(nodeDir, nodeDir.resolve("data"), ports[2 * i],
                    ports[2 * i + 1], -1, false, null, null, null, id, voters, replication);
            config.write(nodeDir.resolve("server.properties"));
            nodes.put(id, new NodeProcess(id, nodeDir, config));
        }
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Starts {@code size} nodes and waits until every one is a registered broker; the caller closes it. */
    public static KafkaCluster start(int size) {
        KafkaCluster cluster = new KafkaCluster(size);
        try {
            long t0 = System.nanoTime();
            // all at once: a voter waits for a majority of the quorum before it becomes usable
            cluster.nodes.values().forEach(NodeProcess::launch);
            cluster.awaitBrokers(cluster.nodes.keySet(), START_TIMEOUT);
            System.err.printf("[dev-services] Kafka cluster of %d nodes up at %s in %d ms%n", size,
                    cluster.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's client listener, {@code 127.0.0.1:<port>,...}; the same across restarts. */
    @Override
    public String bootstrapServers() {
        return nodes.values().stream().map(n -> "127.0.0.1:" + n.config.brokerPort())
                .collect(Collectors.joining(","));
    }

    /** Plaintext: the cluster scenarios are about brokers failing, not about security. */
    @Override
    public boolean isSaslSsl() {
        return false;
    }

    /** An empty file: plaintext clients need nothing besides the brokers. */
    @Override
    public Path clientPropertiesFile() {
        Path file = dir.resolve("client.properties");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "# plaintext: nothing besides bootstrap.servers\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        return file;
    }

    @Override
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        short replication = (short) Math.min(3, nodes.size());
        Map<String, String> all = new java.util.HashMap<>(configs);
        all.putIfAbsent("min.insync.replicas", String.valueOf(Math.max(1, replication - 1)));
        get(() -> {
            try {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name, partitions, replication)
                        .configs(all))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
            return null;
        }, "creating topic " + name);
        Await.until("every partition of " + name + " has a leader", Duration.ofSeconds(30),
                () -> leaders(name).size() == partitions && !leaders(name).containsValue(-1));
    }

    /** The node ids, 1 to the cluster's size. */
    public Set<Integer> nodeIds() {
        return Set.copyOf(nodes.keySet());
    }

    /** The nodes whose process runs. */
    public synchronized Set<Integer> runningNodes() {
        return nodes.values().stream().filter(NodeProcess::isAlive).map(n -> n.id).collect(Collectors.toSet());
    }

    /** SIGKILL of one node (a crash); its data and ports are kept for {@link #restart(int)}. */
    public synchronized void kill(int nodeId) {
        node(nodeId).kill();
    }

    /**
     * SIGTERM of one node and the wait for its exit: a controlled shutdown, which moves its leaderships to the other
     * replicas first, as a rolling restart does.
     */
    public synchronized void stop(int nodeId) {
        node(nodeId).stop();
    }

    /** Starts a stopped or killed node again on its ports and data, and waits until it is a registered broker. */
    public synchronized void restart(int nodeId) {
        NodeProcess node = node(nodeId);
        if (node.isAlive()) {
            node.kill();
        }
        node.launch();
        awaitBrokers(Set.of(nodeId), START_TIMEOUT);
    }

    /** The node that leads each partition of {@code topic} (-1: none), by partition. */
    public Map<Integer, Integer> leaders(String topic) {
        TopicDescription d = get(() -> admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(topic), "describing " + topic);
        Map<Integer, Integer> leaders = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            leaders.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
        }
        return leaders;
    }

    /** The node leading the most partitions of {@code topic} (the lowest id on a tie). */
    public int mostLeaderships(String topic) {
        Map<Integer, Long> counts = leaders(topic).values().stream().filter(id -> id >= 0)
                .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElseThrow(() -> new IllegalStateException(topic + " has no leader"));
    }

    /** Partitions of {@code topics} whose in-sync replicas are fewer than their replicas. */
    public int underReplicatedPartitions(Collection<String> topics) {
        Map<String, TopicDescription> all = get(() -> admin.describeTopics(topics).allTopicNames()
                .get(15, TimeUnit.SECONDS), "describing " + topics);
        return (int) all.values().stream().flatMap(d -> d.partitions().stream())
                .filter(p -> p.isr().size() < p.replicas().size()).count();
    }

    /** The node that leads the controller quorum now. */
    public int controllerLeader() {
        return get(() -> admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId(),
                "describing the metadata quorum");
    }

    /** The file a node's output goes to. */
    public Path logFile(int nodeId) {
        return node(nodeId).dir.resolve("node.log");
    }

    /** The process of a running node, e.g. to measure it. */
    public synchronized java.util.Optional<ProcessHandle> process(int nodeId) {
        NodeProcess n = node(nodeId);
        return n.isAlive() ? ProcessHandle.of(n.child.pid()) : java.util.Optional.empty();
    }

    /** Kills every node and deletes the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(2));
        nodes.values().forEach(NodeProcess::kill);
        ExitCleanup.deleteTree(dir);
    }

    private NodeProcess node(int nodeId) {
        NodeProcess n = nodes.get(nodeId);
        if (n == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in " + nodes.keySet());
        }
        if (closed) {
            throw new IllegalStateException("KafkaCluster is closed");
        }
        return n;
    }

    private void awaitBrokers(Set<Integer> ids, Duration timeout) {
        try {
            Await.until("brokers " + ids + " registered in the cluster at " + bootstrapServers(), timeout, () -> {
                for (int id : ids) {
                    if (!nodes.get(id).isAlive()) {
                        throw new IllegalStateException(nodes.get(id).describe("Kafka node " + id
                                + " exited during start"));
                    }
                }
                try {
                    Collection<Node> registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return registered.stream().map(Node::id).collect(Collectors.toSet()).containsAll(ids);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new IllegalStateException(ids.stream().map(id -> nodes.get(id).describe("node " + id))
                    .collect(Collectors.joining("\n")), e);
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T get(Call<T> call, String what) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        }
    }

    /** One node's JVM. */
    private final class NodeProcess {
        final int id;
        final Path dir;
        final BrokerServerConfig config;
        ChildProcess child;

        NodeProcess(int id, Path dir, BrokerServerConfig config) {
            this.id = id;
            this.dir = dir;
            this.config = config;
        }

        boolean isAlive() {
            return child != null && child.isAlive();
        }

        void launch() {
            child = KafkaNodeJvm.start("Kafka node " + id, List.of("-Xms96m", "-Xmx384m", "-XX:TieredStopAtLevel=1"),
                    dir, dir.resolve("server.properties"), clusterId, config.logDir(), List.of(),
                    dir.resolve("node.log"));
        }

        void kill() {
            if (child != null) {
                child.kill();
                child = null;
            }
        }

        void stop() {
            if (child != null) {
                if (!child.stop(Duration.ofSeconds(60))) {
                    child.kill();
                }
                child = null;
            }
        }

        String describe(String what) {
            return child == null ? what : child.describeFailure(what);
        }
    }

    /** For messages: the nodes and what runs. */
    @Override
    public synchronized String toString() {
        Map<Integer, String> states = new LinkedHashMap<>();
        nodes.forEach((id, n) -> states.put(id, n.isAlive() ? "running" : "down"));
        return "KafkaCluster" + states + " at " + bootstrapServers();
    }
}
