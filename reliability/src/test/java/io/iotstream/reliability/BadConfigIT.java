package io.iotstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.simulator.Ticker;
import io.iotstream.simulator.cli.SimulateCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Bad command lines and bad configuration for the scorer and the simulator: unknown keys, wrong types, missing
 * required settings, in flags, environment variables and properties files. Each must exit 2 with one clear line
 * naming the setting, before anything connects anywhere. Proof of "before anything connects": every address the
 * commands are given (Kafka, registry, S3) is one listening socket that counts what it accepts, and it must accept
 * nothing; a control run with valid settings shows that the socket does see a client that gets that far.
 */
class BadConfigIT {

    private ServerSocket trap;
    private final AtomicInteger accepted = new AtomicInteger();
    private Thread acceptor;
    private Path dir;

    @BeforeEach
    void listen() throws IOException {
        BAD_INPUTS.clear();
        dir = WorkDirs.create(getClass());
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!trap.isClosed()) {
                try {
                    Socket client = trap.accept();
                    accepted.incrementAndGet();
                    client.close();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "trap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        trap.close();
        acceptor.join(5_000);
    }

    private String kafka() {
        return "127.0.0.1:" + trap.getLocalPort();
    }

    private String http() {
        return "http://127.0.0.1:" + trap.getLocalPort();
    }

    /**
     * A scorer command line that would be valid but for each case's flags ({@code --flag value} pairs, or one
     * unknown flag and its value), which replace the valid ones of the same name.
     */
    private List<String> scorer(String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", kafka(),
                "--schema-registry-url", http() + "/apis/ccompat/v7", "--model-uri", "s3://models/prod/m",
                "--s3-endpoint", http(), "--http-bind-address", "127.0.0.1", "--http-port", "0",
                "--state-dir", dir.resolve("state").toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            int at = args.indexOf(more[i]);
            if (at >= 0) {
                args.set(at + 1, more[i + 1]);
            } else {
                args.add(more[i]);
                args.add(more[i + 1]);
            }
        }
        return args;
    }

    private record Run(int exitCode, String err) {
    }

    /** Runs {@code score}; a command that is not refused would run a scorer: it fails after 20 s instead. */
    private static Run score(Map<String, String> env, List<String> args) {
        return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> scoreNow(env, args),
                () -> "score " + args + " with " + env + " was not refused: it started a scorer");
    }

    private static Run scoreNow(Map<String, String> env, List<String> args) {
        CommandLine line = ScoringCommand.newCommandLine(new ScoringCommand(env, Map.of()));
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(new StringWriter(), true));
        line.setErr(new PrintWriter(err, true));
        return new Run(line.execute(args.toArray(String[]::new)), err.toString());
    }

    private static Run simulate(String... args) {
        CommandLine line = SimulateCommand.newCommandLine(new SimulateCommand(Map.of(), new ByteArrayOutputStream(),
                Ticker.system(), InstantSource.system()));
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(new StringWriter(), true));
        line.setErr(new PrintWriter(err, true));
        return new Run(line.execute(args), err.toString());
    }

    private void assertRefused(Run run, String... named) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains(named);
        assertThat(accepted.get()).as("connections made before the refusal").isZero();
        BAD_INPUTS.add(String.join(" ", named));
    }

    private static final List<String> BAD_INPUTS = new ArrayList<>();

    @Test
    void shouldRefuseBadScorerSettingsBeforeConnecting() throws IOException {
        Path badFile = Files.writeString(dir.resolve("scorer.properties"), "model.uri=s3://models/prod/m\n"
                + "comit.interval.ms=100\n");
        assertRefused(score(Map.of(), scorer("--config-file", badFile.toString())), "comit.interval.ms",
                "not a scorer setting");
        Path typeFile = Files.writeString(dir.resolve("typed.properties"), "num.stream.threads=two\n");
        assertRefused(score(Map.of(), scorer("--config-file", typeFile.toString())), "num.stream.threads",
                typeFile.toString());
        assertRefused(score(Map.of(), scorer("--no-such-flag", "x")), "--no-such-flag");
        assertRefused(score(Map.of(), scorer("--commit-interval-ms", "soon")), "commit.interval.ms",
                "--commit-interval-ms");
        assertRefused(score(Map.of("IOTSTREAM_NUM_STREAM_THREADS", "two"), scorer()), "num.stream.threads",
                "IOTSTREAM_NUM_STREAM_THREADS");
        assertRefused(score(Map.of(), scorer("--processing-guarantee", "exactly_twice")), "processing.guarantee");
        assertRefused(score(Map.of(), scorer("--http-port", "70000")), "http.port");
        assertRefused(score(Map.of(), List.of("run", "--model-uri", "s3://models/prod/m", "--schema-registry-url",
                http())), "bootstrap.servers");
        assertRefused(score(Map.of(), List.of("run", "--bootstrap-servers", kafka(), "--schema-registry-url",
                http())), "model.uri", "--model-uri", "IOTSTREAM_MODEL_URI");
        assertRefused(score(Map.of(), scorer("--model-uri", "s3://")), "model.uri");
        assertRefused(score(Map.of(), scorer("--kafka-config", dir.resolve("missing.properties").toString())),
                "kafka.config");
        assertRefused(score(Map.of(), scorer("--s3-endpoint", "ftp://nowhere")), "s3.endpoint");
        assertRefused(score(Map.of("AWS_ACCESS_KEY_ID", "only-the-id"), scorer()), "AWS_SECRET_ACCESS_KEY");
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pub"), "hello\n");
        assertRefused(score(Map.of("IOTSTREAM_TRUSTED_KEYS", notAKey.toString()), scorer()),
                "trusted.keys", "IOTSTREAM_TRUSTED_KEYS");
        ReliabilityReport.note("Bad scorer configuration refused with exit 2 before any connection (a listening "
                + "socket as Kafka, registry and S3 accepted nothing): " + String.join("; ", BAD_INPUTS));
        BAD_INPUTS.clear();
    }

    @Test
    void shouldRefuseBadSimulatorFlagsBeforeConnecting() {
        String[] kafkaArgs = {"--sink", "kafka", "--bootstrap-servers", kafka(), "--schema-registry-url",
            http() + "/apis/ccompat/v7", "--events", "10"};
        assertRefused(simulate(concat(kafkaArgs, "--rate", "fast")), "--rate");
        assertRefused(simulate(concat(kafkaArgs, "--sensors", "0")), "--sensors");
        assertRefused(simulate(concat(kafkaArgs, "--devices", "many")), "--devices");
        assertRefused(simulate(concat(kafkaArgs, "--faulty-devices", "3", "--devices", "10")), "--ground-truth");
        assertRefused(simulate(concat(kafkaArgs, "--no-such-flag")), "--no-such-flag");
        assertRefused(simulate("--sink", "kafka", "--events", "10"), "--bootstrap-servers");
        assertRefused(simulate(concat(kafkaArgs, "--sink", "carrier-pigeon")), "--sink");
        assertRefused(simulate(concat(kafkaArgs, "-X", "acks")), "-X");
        ReliabilityReport.note("Bad simulator flags refused with exit 2 before any connection: "
                + String.join("; ", BAD_INPUTS));
        BAD_INPUTS.clear();

        // Control: the same socket does see a client that is allowed to connect.
        Run valid = simulate(concat(kafkaArgs, "-X", "max.block.ms=1000"));
        assertThat(valid.exitCode()).as(valid.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(accepted.get()).as("the valid command tried to connect").isPositive();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
