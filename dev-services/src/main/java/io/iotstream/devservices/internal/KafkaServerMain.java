package io.iotstream.devservices.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Child-JVM entry point of {@code KafkaBroker}:
 * {@code KafkaServerMain <server.properties> <cluster id> <log dir> [format options...]}. Formats the log dir (what
 * {@code kafka-storage.sh format} does, with the extra options, e.g. {@code --add-scram} for SASL users) unless it
 * is formatted already, then runs {@code kafka.Kafka} in this JVM, saving a second JVM start.
 */
public final class KafkaServerMain {

    private KafkaServerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: KafkaServerMain <server.properties> <cluster id> <log dir> [format options]");
            System.exit(2);
        }
        String properties = args[0];
        String clusterId = args[1];
        Path logDir = Paths.get(args[2]);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(
                    List.of("format", "--cluster-id", clusterId, "--config", properties, "--ignore-formatted"));
            format.addAll(Arrays.asList(args).subList(3, args.length));
            int status = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
            if (status != 0) {
                System.err.println("[dev-services] kafka storage format failed with status " + status);
                System.exit(status);
            }
        }
        kafka.Kafka.main(new String[] {properties});
    }
}
