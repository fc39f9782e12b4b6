package io.iotstream.stack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoPlanTest {

    private static final Path HOME = Paths.get("/work/.iotstream");
    private static final StackEndpoints STACK = new StackEndpoints("127.0.0.1:9092",
            "http://127.0.0.1:8081/apis/ccompat/v7", "http://127.0.0.1:9000", "AKIAKEY", "s3cr3t", "us-east-1");

    private static DemoConfig config() {
        return new DemoConfig(Paths.get("/repo/iotstream"), HOME, 20_000, 20, 1, 6, 2, 600, Duration.ofSeconds(15),
                Duration.ofSeconds(5), "tribuo", Duration.ofSeconds(1), 7, false);
    }

    private final DemoPlan plan = new DemoPlan(config(), STACK, "20261125-160102", 41000);

    @Test
    void shouldGenerateParquetToTheStacksS3ThroughTheLauncher() {
        ChildCommand gen = plan.gen();

        assertThat(gen.command()).containsExactly("/repo/iotstream", "gen", "20000", "20", "1",
                "s3a://iotstream/demo/data", "--format", "parquet", "--seed", "7", "--overwrite",
                "--s3-endpoint", "http://127.0.0.1:9000");
        assertThat(gen.environment()).containsEntry("AWS_ACCESS_KEY_ID", "AKIAKEY")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "s3cr3t").containsEntry("IOTSTREAM_HOME", HOME.toString());
    }

    @Test
    void shouldTrainTwoVersionsThatArePublishedAndPromoted() {
        assertThat(plan.train(1).command()).containsSubsequence("train", "s3a://iotstream/demo/data", "--engine",
                "spark", "--model-version", "20261125-160102.1", "--publish", "s3://iotstream/demo/models",
                "--promote");
        assertThat(plan.train(2).command()).containsSubsequence("--engine", "tribuo", "--model-version",
                "20261125-160102.2", "--publish", "s3://iotstream/demo/models", "--promote");
    }

    @Test
    void shouldScoreTheLiveModelAndSimulateFaultyDevicesWithAnswers() {
        assertThat(plan.score().command()).containsSubsequence("score", "run", "--bootstrap-servers",
                "127.0.0.1:9092", "--model-uri", "s3://iotstream/demo/models/sensor-failure",
                "--model-poll-interval-ms", "1000", "--alerts-emit", "all", "--http-port", "41000");
        assertThat(plan.simulate().command()).containsSubsequence("simulate", "--sink", "kafka", "--sensors", "20",
                "--devices", "6", "--rate", "600", "--faulty-devices", "2", "--fault-after", "5s",
                "--ground-truth", HOME.resolve("demo/ground-truth.json").toString());
    }

    @Test
    void shouldNeverShowTheSecretKey() {
        for (ChildCommand c : new ChildCommand[] {plan.gen(), plan.train(1), plan.score(), plan.simulate()}) {
            assertThat(c.display()).startsWith("./iotstream ").doesNotContain("s3cr3t");
            assertThat(c.command()).doesNotContain("s3cr3t");
        }
        assertThat(STACK.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void shouldMapLocationsToTheS3ServersFiles() {
        assertThat(plan.onDisk(DemoPlan.STORE_URI)).isEqualTo(HOME.resolve("s3/buckets/iotstream/demo/models"));
    }

    @Test
    void shouldRefuseBadSettingsNamingTheFlag() {
        assertThatThrownBy(() -> new DemoConfig(Paths.get("x"), HOME, 20_000, 20, 1, 3, 3, 600,
                Duration.ofSeconds(15), Duration.ofSeconds(5), "tribuo", Duration.ofSeconds(1), 7, false))
                .hasMessageContaining("--faulty-devices");
        assertThatThrownBy(() -> new DemoConfig(Paths.get("x"), HOME, 20_000, 20, 1, 6, 2, 600,
                Duration.ofSeconds(15), Duration.ofSeconds(5), "sklearn", Duration.ofSeconds(1), 7, false))
                .hasMessageContaining("--second-engine");
    }

    @Test
    void shouldExitTwoOnBadFlagsAndWithoutTheLauncher() {
        assertThat(execute(new DemoCommand(Map.of(), "/bin/sh"), "--bogus")).isEqualTo(2);
        assertThat(execute(new DemoCommand(Map.of(), "/bin/sh"), "--devices", "1")).isEqualTo(2);
        assertThat(execute(new DemoCommand(Map.of(), null))).isEqualTo(2);
        assertThat(execute(new DemoCommand(Map.of(), "/bin/sh"), "--help")).isZero();
    }

    @Test
    void shouldSumPrometheusSamples() {
        String metrics = "# HELP iotstream_events_total events\n"
                + "iotstream_events_total{type=\"reading\"} 1200.0\n"
                + "iotstream_events_total{type=\"frame\"} 3.0\n"
                + "iotstream_events_totally_else 7\n";
        assertThat(ScorerProbe.sum(metrics, "iotstream_events_total")).isEqualTo(1203);
    }

    private static int execute(DemoCommand command, String... args) {
        return new CommandLine(command).setExecutionExceptionHandler(DemoCommand.ERRORS)
                .setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
                .execute(args);
    }
}
