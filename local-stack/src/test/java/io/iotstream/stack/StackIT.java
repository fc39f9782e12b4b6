package io.iotstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.cli.topics.TopicsCommand;
import io.iotstream.devservices.Await;
import io.iotstream.stack.cli.StackCommand;
import io.iotstream.testkit.CommandRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code stack up|down|status} as {@code ./iotstream stack} runs them (the same command class, with service JVMs on
 * this JVM's classpath), with the real services.
 */
class StackIT {

    private final Path home;

    StackIT() throws IOException {
        home = Files.createTempDirectory(Paths.get("target").toAbsolutePath(), "stack-it-");
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run stack(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StackCommand.commandLine(Map.of(StackConfig.HOME_ENV, home.toString()))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void stopWhateverIsLeft() {
        stack("down");
    }

    @Test
    void shouldStartOnceStopEverythingAndFreeThePorts() {
        Run up = stack("up");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("kafka.bootstrap.servers=127.0.0.1:", "s3.endpoint=http://127.0.0.1:",
                "schema.registry.url=http://127.0.0.1:");
        Properties state = Stack.readState(home);
        List<Long> pids = List.of("kafka", "s3", "registry").stream()
                .map(s -> Long.parseLong(state.getProperty(s + ".pid"))).collect(Collectors.toList());
        List<ProcessHandle> all = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
            all.add(p);
            all.addAll(p.descendants().collect(Collectors.toList()));
        }
        List<Integer> ports = List.of(
                port(state.getProperty(LocalStackState.KAFKA_BOOTSTRAP_SERVERS)),
                URI.create(state.getProperty(LocalStackState.S3_ENDPOINT)).getPort(),
                URI.create(state.getProperty(LocalStackState.REGISTRY_URL)).getPort());

        Run again = stack("up");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("kafka    already running (pid " + pids.get(0) + ")",
                "s3       already running (pid " + pids.get(1) + ")",
                "registry already running (pid " + pids.get(2) + ")");
        assertThat(Stack.readState(home)).isEqualTo(state);
        assertThat(stack("status").exitCode()).isZero();

        Run down = stack("down");
        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).contains("Local stack down.");
        for (ProcessHandle p : all) {
            assertThat(Stack.isRunning(p)).as("process %d (%s) is gone", p.pid(), p.info().command().orElse("?"))
                    .isFalse();
        }
        for (int port : ports) {
            Await.until("port " + port + " is free", Duration.ofSeconds(10), () -> canBind(port));
        }
        Run status = stack("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("kafka    stopped");
        assertThat(stack("down").out()).contains("nothing was running");
        Run env = stack("env");
        assertThat(env.exitCode()).as("stack env with the stack down").isEqualTo(1);
        assertThat(env.err()).contains("no local stack is up in " + home, "run ./iotstream stack up");
    }

    /** {@code stack up --brokers 3}: a cluster as production runs it, whose topics get replication 3. */
    @Test
    void shouldRunAThreeNodeClusterWhoseTopicsGetReplicationThree() {
        Run up = stack("up", "--services", "kafka", "--brokers", "3");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains(StackServiceKind.BROKERS_KEY + "=3");
        String bootstrap = Stack.readState(home).getProperty(LocalStackState.KAFKA_BOOTSTRAP_SERVERS);
        assertThat(bootstrap.split(",")).hasSize(3);
        assertThat(stack("env").out()).contains("export IOTSTREAM_BOOTSTRAP_SERVERS='" + bootstrap + "'");

        CommandRun create = CommandRun.execute(TopicsCommand.newCommandLine(new TopicsCommand(
                Map.of(StackConfig.HOME_ENV, home.toString()))), "create", "--input-partitions", "3");
        assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
        assertThat(create.out()).contains("Kafka " + bootstrap + ": 3 brokers; replication 3, readings partitions 3",
                "created iot.sensor-readings.v1 (readings): 3 partitions, replication 3, min.insync.replicas=2");

        assertThat(stack("up", "--brokers", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void shouldRestartOnlyTheServiceThatDied() {
        assertThat(stack("up", "--services", "s3").exitCode()).isZero();
        long first = Long.parseLong(Stack.readState(home).getProperty("s3.pid"));
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Await.until("s3 process " + first + " is gone", Duration.ofSeconds(10),
                () -> ProcessHandle.of(first).map(p -> !Stack.isRunning(p)).orElse(true));
        // and gone by the same check `up` makes (a killed JVM can look alive for a moment while it exits)
        Await.until("stack status shows s3 stopped", Duration.ofSeconds(30),
                () -> stack("status").out().contains("s3       stopped"));

        Run up = stack("up", "--services", "s3");

        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("s3       starting").doesNotContain("already running");
        assertThat(Long.parseLong(Stack.readState(home).getProperty("s3.pid"))).isNotEqualTo(first);
    }

    @Test
    void shouldKeepS3ObjectsAcrossDownAndUp() {
        assertThat(stack("up", "--services", "s3").exitCode()).isZero();
        try (S3Client s3 = s3Client(Stack.readState(home))) {
            s3.putObject(b -> b.bucket(StackServiceKind.S3_BUCKET).key("kept/object.txt"),
                    RequestBody.fromString("still here"));
        }
        assertThat(stack("down").exitCode()).isZero();

        assertThat(stack("up", "--services", "s3").exitCode()).isZero();

        try (S3Client s3 = s3Client(Stack.readState(home))) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(StackServiceKind.S3_BUCKET).key("kept/object.txt"))
                    .asUtf8String()).isEqualTo("still here");
        }
        assertThat(home.resolve("s3/buckets/iotstream/kept/object.txt")).hasContent("still here");
    }

    private static S3Client s3Client(Properties state) {
        return S3Client.builder()
                .endpointOverride(URI.create(state.getProperty(LocalStackState.S3_ENDPOINT)))
                .region(Region.of(state.getProperty(LocalStackState.S3_REGION)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        state.getProperty(LocalStackState.S3_ACCESS_KEY),
                        state.getProperty(LocalStackState.S3_SECRET_KEY))))
                .forcePathStyle(true)
                .build();
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
