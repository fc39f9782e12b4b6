package io.iotstream.cli.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics of one Kafka cluster, through an Admin client with a bounded wait: every call answers or fails within
 * the timeout, with a message naming the brokers and the fix (unreachable, wrong credentials, missing permission).
 */
public final class ClusterTopics implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    private ClusterTopics(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * An Admin client with {@code clientSettings} (bootstrap.servers and security), whose calls give up after
     * {@code timeout}.
     */
    public static ClusterTopics connect(Map<String, Object> clientSettings, Duration timeout) {
        // Only what an Admin client takes: a command's settings also hold producer and serde keys.
        Map<String, Object> settings = new HashMap<>();
        clientSettings.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "iotstream-topics");
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 30_000));
        return new ClusterTopics(Admin.create(settings),
                String.valueOf(settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)), timeout);
    }

    /** The brokers this client was given. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How many brokers the cluster has now. */
    public int brokers() {
        return await(admin.describeCluster().nodes(), "reading the cluster's brokers").size();
    }

    /** The state of each of {@code names} that exists; a missing topic is absent from the answer. */
    public Map<String, TopicState> describe(Collection<String> names) {
        Map<String, TopicDescription> found = new LinkedHashMap<>();
        admin.describeTopics(names).topicNameValues().forEach((name, future) -> {
            try {
                found.put(name, await(future, "describing topic " + name));
            } catch (MissingTopic e) {
                // absent from the answer
            }
        });
        Map<String, TopicState> states = new LinkedHashMap<>();
        if (found.isEmpty()) {
            return states;
        }
        List<ConfigResource> resources = found.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(),
                "reading the settings of " + found.keySet());
        found.forEach((name, description) -> {
            Map<String, String> settings = new TreeMap<>();
            for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries()) {
                if (entry.value() != null) {
                    settings.put(entry.name(), entry.value());
                }
            }
            states.put(name, state(description, settings));
        });
        return states;
    }

    /** Creates {@code topics}; returns the names it created (a topic that exists meanwhile is not one of them). */
    public Set<String> create(List<NewTopic> topics) {
        Set<String> created = new java.util.LinkedHashSet<>();
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                await(future, "creating topic " + name);
                created.add(name);
            } catch (TopicAlreadyThere e) {
                // created by someone else since we looked (a second Job, a broker auto-creating it): found
            }
        });
        return created;
    }

    private static TopicState state(TopicDescription description, Map<String, String> configs) {
        int replication = Integer.MAX_VALUE;
        int under = 0;
        int offline = 0;
        Map<Integer, Integer> leaders = new TreeMap<>();
        List<TopicPartitionInfo> partitions = new ArrayList<>(description.partitions());
        for (TopicPartitionInfo p : partitions) {
            replication = Math.min(replication, p.replicas().size());
            if (p.isr().size() < p.replicas().size()) {
                under++;
            }
            if (p.leader() == null || p.leader().isEmpty()) {
                offline++;
            } else {
                leaders.merge(p.leader().id(), 1, Integer::sum);
            }
        }
        return new TopicState(description.name(), partitions.size(), partitions.isEmpty() ? 0 : replication, under,
                offline, new TreeMap<>(leaders), configs);
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException(what + " was interrupted", e);
        } catch (TimeoutException e) {
            throw unreachable(what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new MissingTopic();
            }
            if (cause instanceof TopicExistsException) {
                throw new TopicAlreadyThere();
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what, cause);
            }
            if (cause instanceof AuthenticationException) {
                throw new KafkaUnavailableException("Kafka at " + bootstrapServers + " refused the credentials ("
                        + what + "): " + cause.getMessage() + ": check security.protocol and sasl.* in the Kafka "
                        + "client properties (--kafka-config, IOTSTREAM_KAFKA_CONFIG)", cause);
            }
            if (cause instanceof AuthorizationException) {
                throw new KafkaUnavailableException("Kafka at " + bootstrapServers + " did not allow " + what + ": "
                        + cause.getMessage() + ": the principal needs Describe and DescribeConfigs on the topics "
                        + "(and Create on the cluster or the topics to create them); see docs/SECURITY.md", cause);
            }
            throw new KafkaUnavailableException(what + " failed on Kafka at " + bootstrapServers + ": " + cause, cause);
        }
    }

    private KafkaUnavailableException unreachable(String what, Throwable cause) {
        String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return new KafkaUnavailableException("no answer from Kafka at " + bootstrapServers + " within " + within
                + " (" + what + "): check that the brokers run and that bootstrap.servers "
                + "(--bootstrap-servers, IOTSTREAM_BOOTSTRAP_SERVERS) and the security settings (--kafka-config) are "
                + "those of the cluster", cause, true);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** Kafka did not answer, refused the credentials or the permission; the message says which and the fix. */
    public static final class KafkaUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final boolean noAnswer;

        KafkaUnavailableException(String message, Throwable cause) {
            this(message, cause, false);
        }

        KafkaUnavailableException(String message, Throwable cause, boolean noAnswer) {
            super(message, cause);
            this.noAnswer = noAnswer;
        }

        /** Whether Kafka did not answer at all (rather than refusing). */
        public boolean noAnswer() {
            return noAnswer;
        }
    }

    private static final class MissingTopic extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final class TopicAlreadyThere extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
