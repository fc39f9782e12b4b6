package io.iotstream.devservices;

import java.nio.file.Path;
import java.util.Map;

/** What clients and fixtures need of a Kafka dev service, a single broker ({@link KafkaBroker}) or a cluster. */
public interface KafkaService {

    /** Where clients connect, {@code 127.0.0.1:<port>[,...]}; the same across restarts. */
    String bootstrapServers();

    /** Whether clients must speak SASL_SSL ({@link #clientPropertiesFile()} has the settings). */
    boolean isSaslSsl();

    /** The client settings besides the brokers, as a properties file ({@code --kafka-config}); empty if none. */
    Path clientPropertiesFile();

    /**
     * Creates a topic with the service's replication (one per node, up to 3) and waits until every partition has a
     * leader; does nothing if it exists with that many partitions.
     */
    void createTopic(String name, int partitions, Map<String, String> configs);
}
