package io.iotstream.stack;

import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.KafkaCluster;
import io.iotstream.devservices.S3ProxyServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The services of the local stack, in start order, and how each is started from dev-services. */
public enum StackServiceKind {
    KAFKA {
        @Override
        Running start(Path home) {
            int brokers = Integer.getInteger(BROKERS_PROPERTY, 1);
            if (brokers > 1) {
                KafkaCluster cluster = KafkaCluster.start(brokers);
                return new Running(Map.of(LocalStackState.KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers(),
                        BROKERS_KEY, String.valueOf(brokers)), cluster);
            }
            KafkaBroker broker = KafkaBroker.start();
            return new Running(Map.of(LocalStackState.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    BROKERS_KEY, "1"), broker);
        }
    },
    S3 {
        @Override
        Running start(Path home) {
            // On disk, so that data and models outlive `stack down`; the credentials and the port are new each start.
            S3ProxyServer s3 = S3ProxyServer.startOnFilesystem(home.resolve(id()).resolve(S3_DATA_FOLDER));
            s3.createBucket(S3_BUCKET);
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put(LocalStackState.S3_ENDPOINT, s3.endpoint().toString());
            endpoints.put(LocalStackState.S3_ACCESS_KEY, s3.accessKey());
            endpoints.put(LocalStackState.S3_SECRET_KEY, s3.secretKey());
            endpoints.put(LocalStackState.S3_REGION, s3.region());
            return new Running(endpoints, s3);
        }
    },
    REGISTRY {
        @Override
        Running start(Path home) {
            ApicurioRegistry registry = ApicurioRegistry.start();
            return new Running(Map.of(LocalStackState.REGISTRY_URL, registry.ccompatUrl(),
                    LocalStackState.REGISTRY_VERSION, "Apicurio Registry " + registry.version()), registry);
        }
    };

    /** A started service: what clients need to reach it, and how to stop it. */
    record Running(Map<String, String> endpoints, AutoCloseable service) {
    }

    /** The system property of the Kafka service process: how many nodes ({@code stack up --brokers}). */
    public static final String BROKERS_PROPERTY = "iotstream.kafka.brokers";
    /** The state key of the number of Kafka nodes. */
    public static final String BROKERS_KEY = "kafka.brokers";

    /** The bucket the stack's S3 server always has; the demo keeps its data and models in it. */
    public static final String S3_BUCKET = "iotstream";
    /** The S3 server's objects: {@code <home>/s3/buckets/<bucket>/<key>}, kept across restarts. */
    public static final String S3_DATA_FOLDER = "buckets";

    /** Starts the service in this JVM, with its files under {@code home}, and waits until it answers. */
    abstract Running start(Path home);

    /** The lower-case name used on the command line and in file names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id}; an {@link IllegalArgumentException} naming the known ones otherwise. */
    public static StackServiceKind of(String id) {
        for (StackServiceKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown service '" + id + "': expected kafka, s3 or registry");
    }
}
