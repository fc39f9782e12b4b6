package io.iotstream.tools.alerts;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.flags.KafkaFlags;
import io.iotstream.cli.flags.RegistryFlags;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.serde.AvroSerdeConfig;
import io.iotstream.schemas.serde.AvroSerdes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code alerts}: follows the alerts topic (or {@code --errors}: the dead-letter topic) and prints one line per
 * record. Reads without a consumer group (it assigns itself every partition), so it commits nothing and never
 * takes records away from another reader.
 */
@Command(name = "alerts",
        mixinStandardHelpOptions = true,
        versionProvider = AlertsCommand.VersionProvider.class,
        description = {"Follows the scorer's alerts (or, with --errors, its dead letters) and prints one line per "
                + "record, until Ctrl-C.",
                "Kafka and the registry default to the local stack's (./iotstream stack up)."})
public final class AlertsCommand implements Callable<Integer> {

    static final OneLineErrors ERRORS = new OneLineErrors(org.apache.kafka.common.KafkaException.class);
    private static final Duration TOPIC_WAIT_LOG_INTERVAL = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final CountDownLatch stop;

    @Spec
    CommandSpec spec;

    /** Kafka (default: the local stack's); a secured cluster's settings go in --kafka-config. */
    @Mixin
    KafkaFlags kafka;

    /** The registry (default: the local stack's). */
    @Mixin
    RegistryFlags registry;

    @Option(names = "--topic", description = "Topic to follow (default: " + AlertsConfig.DEFAULT_ALERTS_TOPIC
            + ", with --errors " + AlertsConfig.DEFAULT_ERRORS_TOPIC + ").")
    String topic;

    @PerRun
    @Option(names = "--errors", description = "Follow the dead-letter topic instead: records the scorer could not "
            + "score, with why (iotstream.dlq.* headers).")
    boolean errors;

    @Option(names = "--device", split = ",", description = "Only these devices (repeatable or comma-separated).")
    List<String> devices = List.of();

    @PerRun
    @Option(names = "--from-beginning", description = "Start at the beginning of the topic, not at its end.")
    boolean fromBeginning;

    @PerRun
    @Option(names = "--json", description = "One JSON object per line, for scripts.")
    boolean json;

    @PerRun
    @Option(names = "--max-records", defaultValue = "0",
            description = "Stop after this many records (default: ${DEFAULT-VALUE}, follow until Ctrl-C).")
    long maxRecords;

    /**
     * @param env the environment ({@code IOTSTREAM_*} settings, {@code IOTSTREAM_HOME})
     * @param stop counted down to stop following (main: on SIGTERM/SIGINT)
     */
    public AlertsCommand(Map<String, String> env, CountDownLatch stop) {
        this.env = Map.copyOf(env);
        this.stop = stop;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                // let the consumer leave cleanly, but never hold up the JVM's exit for long
                done.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "alerts-stop"));
        int code = newCommandLine(new AlertsCommand(System.getenv(), stop)).execute(args);
        done.countDown();
        System.exit(code);
    }

    /** The command line {@code main} runs: cli-kit's settings layers and checks, the one failure handler. */
    public static CommandLine newCommandLine(AlertsCommand command) {
        return CommandLines.configure(new CommandLine(command).setExecutionExceptionHandler(ERRORS), command.env);
    }

    @Override
    public Integer call() {
        AlertsConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> props = new HashMap<>(config.clientSettings());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "iotstream-alerts");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // The scorer writes alerts and dead letters in transactions (exactly-once): only committed ones are real.
        // A crashed scorer's aborted alerts would otherwise print, and look like duplicates of the ones redone.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> serde = new HashMap<>(config.clientSettings());
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, config.schemaRegistryUrl());
        Deserializer<Alert> alerts = config.deadLetters() ? null
                : AvroSerdes.specific(Alert.class, serde, false).deserializer();
        long printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Thread stopper = new Thread(() -> {
                try {
                    stop.await();
                    consumer.wakeup();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "alerts-stopper");
            stopper.setDaemon(true);
            stopper.start();
            List<TopicPartition> partitions = awaitPartitions(consumer, config.topic());
            if (partitions == null) {
                return ExitCode.OK;
            }
            consumer.assign(partitions);
            if (config.fromBeginning()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (stop.getCount() > 0) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!config.shows(r.key())) {
                        continue;
                    }
                    out.println(line(config, alerts, r));
                    printed++;
                    if (config.maxRecords() > 0 && printed >= config.maxRecords()) {
                        out.flush();
                        return ExitCode.OK;
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // stopped by Ctrl-C: a normal end
        } finally {
            if (alerts != null) {
                alerts.close();
            }
            out.flush();
        }
        return ExitCode.OK;
    }

    AlertsConfig config() {
        // Flags and their IOTSTREAM_* variables are in the fields already (cli-kit's layers); the local stack is
        // the last default, for a developer who just ran ./iotstream stack up.
        LocalStackState stack = LocalStackState.fromEnvironment(env);
        Map<String, Object> client = kafka.clientSettings(Map.of(), env);
        Object fromFile = client.remove(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        String bootstrap = first(fromFile == null ? null : String.valueOf(fromFile),
                stack.bootstrapServers().orElse(null));
        String url = first(registry.schemaRegistryUrl().orElse(null), stack.registryUrl().orElse(null));
        String t = first(topic, errors ? AlertsConfig.DEFAULT_ERRORS_TOPIC : AlertsConfig.DEFAULT_ALERTS_TOPIC);
        return new AlertsConfig(bootstrap, url, t, errors, new HashSet<>(devices), fromBeginning, json,
                maxRecords, client);
    }

    private static String line(AlertsConfig config, Deserializer<Alert> alerts, ConsumerRecord<String, byte[]> r) {
        if (config.deadLetters()) {
            Instant ts = Instant.ofEpochMilli(r.timestamp());
            return config.json()
                    ? AlertLines.deadLetterJson(ts, r.key(), r.value(), r.headers(), r.topic(), r.partition(),
                            r.offset())
                    : AlertLines.deadLetterText(ts, r.key(), r.value(), r.headers(), r.partition(), r.offset());
        }
        Alert alert;
        try {
            alert = alerts.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            return AlertLines.undecodable(r.topic(), r.partition(), r.offset(), e);
        }
        if (alert == null) {
            return AlertLines.undecodable(r.topic(), r.partition(), r.offset(),
                    new IllegalArgumentException("null value (tombstone)"));
        }
        return config.json() ? AlertLines.json(alert, r.topic(), r.partition(), r.offset()) : AlertLines.text(alert);
    }

    /** Waits until the topic exists (the scorer may not have created it yet); null when stopped meanwhile. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer, String name) {
        long nextNote = 0;
        while (stop.getCount() > 0) {
            List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                        .collect(Collectors.toList());
            }
            long now = System.nanoTime();
            if (now >= nextNote) {
                spec.commandLine().getErr().println("alerts: waiting for topic " + name + " to exist");
                spec.commandLine().getErr().flush();
                nextNote = now + TOPIC_WAIT_LOG_INTERVAL.toNanos();
            }
            try {
                if (stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String first(String given, String fallback) {
        return given != null && !given.isBlank() ? given : fallback;
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"alerts (IoTStream tools) " + ModuleVersion.of("iotstream-tools")};
        }
    }
}
