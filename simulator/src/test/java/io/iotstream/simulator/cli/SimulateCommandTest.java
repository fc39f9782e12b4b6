package io.iotstream.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.FreePorts;
import io.iotstream.schemas.csv.MalformedLineException;
import io.iotstream.schemas.csv.SensorEventLine;
import io.iotstream.schemas.csv.SensorEventLine.Event;
import io.iotstream.simulator.FakeTicker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulateCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrintHelpAndVersion() {
        CliRun help = CliRun.simulate("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: simulate", "--rate", "--faulty-devices", "IOTSTREAM_FOO_BAR");
        CliRun version = CliRun.simulate("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("simulate (IoTStream simulator) ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rate fast|'fast' is not a rate",
        "--rate 0|'0' is not a rate",
        "--sensors 0|--sensors is 0: use at least 1",
        "--nope|Unknown option: '--nope'",
        "--duration soon|'soon' is not a duration",
        "--devices 3|--devices is 3 but --sink stdout writes the original's event lines",
        "--sink carrier-pigeon|'carrier-pigeon' is not a sink",
        "--sink kafka --schema-registry-url mock://x|--bootstrap-servers is missing",
        "--sink kafka --bootstrap-servers 127.0.0.1:9092|--schema-registry-url is missing",
        "--frames|--frames writes SensorFrame records: use --sink kafka",
        "--labels|--labels needs --frames",
        "--faulty-devices 1|--faulty-devices needs --ground-truth",
        "--faulty-devices 2 --ground-truth t.json|--faulty-devices 2 is 2: use 0..1",
        "--faulty-devices 1 --ground-truth t.json|--faulty-devices 1 needs --fault-after",
        "--fault-after 10s|--fault-after, --fault-after-events, --fault-drift and --ground-truth need --faulty-devices",
        "--cutoff 10 --ones-percent 5|mutually exclusive",
        "--sink kafka --bootstrap-servers h:1 --schema-registry-url mock://x -X linger.ms|'linger.ms' is not key=value",
        "--sink kafka --bootstrap-servers h:1 --schema-registry-url mock://x --kafka-config /no/such.properties|/no/such.properties does not exist"
    })
    void shouldPrintUsageAndExitTwoOnBadFlags(String args, String message) {
        CliRun run = CliRun.simulate(args.split(" "));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).contains(message.replace("--faulty-devices 2 is 2", "--faulty-devices is 2"));
        assertThat(run.err()).contains("Usage: simulate");
        assertThat(run.data()).isEmpty();
    }

    @Test
    void shouldWriteTheOriginalsEventLinesToStdoutAndItsReportsToStderr() throws MalformedLineException {
        CliRun run = CliRun.simulate("--sensors", "10", "--rate", "max", "--events", "500", "--end-marker",
                "--seed", "5");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.dataLines();
        assertThat(lines).hasSize(501);
        for (int i = 0; i < 500; i++) {
            String line = lines.get(i);
            Event event = SensorEventLine.parse(line, i + 1);
            assertThat(event.sensor()).isBetween(1, 10);
            assertThat(event.value()).isBetween(0.0, 1.0);
            assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,(\\d+),Sensor \\1,\\d\\.\\d{5}");
        }
        assertThat(SensorEventLine.parse(lines.get(500), 501).isEndOfStream()).isTrue();
        assertThat(lines.get(500)).endsWith(",-1,Sensor -1,0.00000");
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("simulate: 1 device x 10 sensors, readings, rate max, 500 events, seed 5")
                .contains("simulate: 500 events sent").contains("500 delivered; end marker sent");
    }

    @Test
    void shouldSendTheSameLinesForTheSameSeed() {
        FakeTicker ticker = new FakeTicker();
        CliRun a = CliRun.simulate(Map.of(), ticker, "--rate", "50", "--events", "200", "--seed", "9");
        CliRun b = CliRun.simulate(Map.of(), new FakeTicker(), "--rate", "50", "--events", "200", "--seed", "9");
        assertThat(a.exitCode()).isZero();
        assertThat(a.data()).isEqualTo(b.data());
        // paced by the fake clock: 199 gaps of 20 ms on average
        assertThat(ticker.now() - 1_000_000_000L).isBetween(3_600_000_000L, 4_400_000_000L);
        assertThat(a.err()).contains("(asked 50/s, ");
    }

    @Test
    void shouldTakeSettingsFromTheEnvironmentWithFlagsWinning() throws MalformedLineException {
        Map<String, String> env = Map.of("IOTSTREAM_SENSORS", "3", "IOTSTREAM_EVENTS", "50", "IOTSTREAM_RATE", "max",
                "IOTSTREAM_PROGRESS_INTERVAL", "0s");
        CliRun run = CliRun.simulate(env, new FakeTicker(), "--events", "20");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.dataLines()).hasSize(20);
        for (String line : run.dataLines()) {
            assertThat(SensorEventLine.parse(line, 1).sensor()).isBetween(1, 3);
        }
        CliRun bad = CliRun.simulate(Map.of("IOTSTREAM_RATE", "fast"), new FakeTicker(), "--events", "1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'fast' is not a rate");
    }

    @Test
    void shouldFailClearlyWithinItsTimeoutWhenTheBrokerIsUnreachable() {
        int closedPort = FreePorts.find();
        long t0 = System.nanoTime();
        CliRun run = CliRun.simulate("--sink", "kafka", "--bootstrap-servers", "127.0.0.1:" + closedPort,
                "--schema-registry-url", "mock://unreachable", "-X", "max.block.ms=1500", "--events", "10");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .startsWith("simulate: no answer from Kafka at 127.0.0.1:" + closedPort)
                .contains("within 1500 ms", "check that the brokers run", "--bootstrap-servers");
    }

    @Test
    void shouldServeTheLinesToATcpClientLikeNcListening() throws Exception {
        int port = FreePorts.find();
        CompletableFuture<CliRun> simulate = CompletableFuture.supplyAsync(() -> CliRun.simulate("--sink", "tcp",
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--rate", "max", "--events", "20000",
                "--end-marker", "--sensors", "100"));
        List<String> lines = new ArrayList<>();
        try (Socket socket = Await.until("simulate listens on " + port, Duration.ofSeconds(20), () -> {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return s;
            } catch (IOException e) {
                return null;
            }
        }); BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        CliRun run = simulate.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("listening on 127.0.0.1:" + port, "connected", "20000 events sent",
                "20000 delivered");
        assertThat(lines).hasSize(20_001);
        for (int i = 0; i < lines.size(); i++) {
            Event event = SensorEventLine.parse(lines.get(i), i + 1);
            assertThat(event.isEndOfStream()).isEqualTo(i == 20_000);
        }
    }

    @Test
    void shouldWriteGroundTruthForAStdoutRun() throws Exception {
        Path truth = dir.resolve("truth.json");
        CliRun run = CliRun.simulate(Map.of(), new FakeTicker(), "--sensors", "5", "--rate", "1000", "--events",
                "2000", "--faulty-devices", "1", "--fault-after", "1s", "--ground-truth", truth.toString(),
                "--seed", "3");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("known answers (1 faulty devices) in " + truth);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(truth.toFile());
        assertThat(json.get("faultyDevices").get(0).get("deviceId").asText()).isEqualTo("device-00000");
        List<io.iotstream.simulator.GroundTruthCheck.Reading> readings = new ArrayList<>();
        long n = 0;
        for (String line : run.dataLines()) {
            Event e = SensorEventLine.parse(line, ++n);
            readings.add(new io.iotstream.simulator.GroundTruthCheck.Reading("device-00000", e.sensor(),
                    e.value()));
        }
        assertThat(io.iotstream.simulator.GroundTruthCheck.assertConsistent(json, readings, 5e-6))
                .containsExactly("device-00000");
    }
}
