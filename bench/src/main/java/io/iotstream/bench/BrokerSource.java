package io.iotstream.bench;

import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.schemas.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The broker a run uses: the one named by {@code --bootstrap-servers}; else the local stack's, when
 * {@code ./iotstream stack up} has recorded one in {@code stack.properties} and it answers; else a single KRaft
 * broker started for the run (dev-services', a child JVM on 127.0.0.1), stopped by {@link #close()}. The probes
 * use the run's Kafka client settings, so a secured broker is reached as every other client reaches it.
 */
final class BrokerSource implements AutoCloseable {


    private static final String SECURITY_PROTOCOL = "security.protocol";

    private final String servers;
    private final String origin;
    private final KafkaBroker started;
    private final ProcessHandle process;

    private BrokerSource(String servers, String origin, KafkaBroker started, ProcessHandle process) {
        this.servers = servers;
        this.origin = origin;
        this.started = started;
        this.process = process;
    }

    static BrokerSource resolve(String explicit, Path stackHome, Map<String, String> kafka, BenchProgress progress) {
        if (explicit != null) {
            String problem = problem(explicit, kafka);
            if (problem != null) {
                throw new IllegalArgumentException("--bootstrap-servers " + explicit + ": " + problem + "; "
                        + "check the address and the Kafka client settings (--kafka-config, -X, "
                        + KafkaClientProperties.ENV_PREFIX + "*), or leave the flag out to use the local stack or a "
                        + "broker of the run");
            }
            return new BrokerSource(explicit, "--bootstrap-servers", null, null);
        }
        String stack = stackBroker(stackHome);
        if (stack != null && problem(stack, kafka) == null) {
            progress.step("using the local stack's broker %s (%s)", stack, LocalStackState.file(stackHome));
            return new BrokerSource(stack, "local stack", null, null);
        }
        String protocol = kafka.getOrDefault(SECURITY_PROTOCOL, "PLAINTEXT");
        if (!protocol.equalsIgnoreCase("PLAINTEXT")) {
            throw new IllegalArgumentException(SECURITY_PROTOCOL + "=" + protocol + " is set but no broker is named: "
                    + "give --bootstrap-servers (the broker the bench starts itself speaks PLAINTEXT)");
        }
        progress.step("no local stack up (%s): starting a broker for this run", LocalStackState.file(stackHome));
        KafkaBroker broker = KafkaBroker.start();
        return new BrokerSource(broker.bootstrapServers(), "a KRaft broker started by the bench (dev-services)",
                broker, broker.process().orElse(null));
    }

    private static String stackBroker(Path home) {
        try {
            return LocalStackState.read(home).bootstrapServers().orElse(null);
        } catch (java.io.UncheckedIOException e) {
            return null; // an unreadable state file: no stack to use, start a broker
        }
    }

    /** The probe's admin client: short timeouts under the user's settings. */
    static Map<String, Object> probeConfig(String servers, Map<String, String> kafka) {
        return new BenchKafka(servers, kafka).config(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000), Map.of());
    }

    /** Null if a broker answers at {@code servers}, else why not (e.g. Kafka's authentication error). */
    private static String problem(String servers, Map<String, String> kafka) {
        try (Admin admin = Admin.create(probeConfig(servers, kafka))) {
            admin.describeCluster().clusterId().get(6, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return "no broker answers there (" + e.getCause() + ")";
        } catch (TimeoutException e) {
            return "no broker answers there within 6 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    String servers() {
        return servers;
    }

    String origin() {
        return origin;
    }

    /** The broker's process when the bench started it (its CPU is then measured), else null. */
    ProcessHandle process() {
        return process;
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
