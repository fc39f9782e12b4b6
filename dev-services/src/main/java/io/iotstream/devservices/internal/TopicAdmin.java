package io.iotstream.devservices.internal;

import io.iotstream.devservices.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The test broker's admin side: whether it answers, and topics created so that a test can use them at once (a
 * leader for every partition, the topic id on disk so a kill right after cannot set the partition aside).
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final Path logDir;
    private final UnaryOperator<String> describeFailure;
    private Admin admin;

    /**
     * @param bootstrap the broker's internal (plaintext) listener
     * @param logDir the broker's data folder, for the partition folders
     * @param describeFailure adds the broker's state and log tail to a failure message
     */
    public TopicAdmin(String bootstrap, Path logDir, UnaryOperator<String> describeFailure) {
        this.bootstrap = bootstrap;
        this.logDir = logDir;
        this.describeFailure = describeFailure;
    }

    /** True when the broker lists its node; null while it does not answer (for {@link Await}). */
    public synchronized Boolean answers() {
        try {
            return admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty() ? null : Boolean.TRUE;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader and its topic id is
     * on disk. Does nothing if the topic exists with that many partitions.
     *
     * @throws IllegalStateException if the topic exists with another partition count, or is not usable in time
     */
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs == null ? Map.of() : configs);
        try {
            admin().createTopics(List.of(topic)).all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(describeFailure.apply("Creating topic " + name + " took longer than "
                    + TOPIC_TIMEOUT), e);
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
                        .matches(Pattern.quote(name) + "-\\d+")));
    }

    /**
     * Partition folders ({@code <topic>-<n>}) whose {@code partition.metadata} (the topic id) is not written yet:
     * a partition killed before that is treated as stray at restart and its records are set aside.
     */
    public List<Path> unflushedPartitionDirs() {
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
            p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
            p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "dev-services-admin");
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
