package io.iotstream.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.cli.ExitCode;
import io.iotstream.devservices.FreePorts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bridge's usage and failures that need no broker; the rest is in BridgeIT. */
class BridgeCommandTest {

    private static final String KAFKA = "--bootstrap-servers 127.0.0.1:9 --schema-registry-url mock://bridge-test ";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bootstrap-servers 127.0.0.1:9 --schema-registry-url mock://x|--device is missing",
        "--device d --schema-registry-url mock://x|--bootstrap-servers is missing",
        "--device d --bootstrap-servers 127.0.0.1:9|--schema-registry-url is missing",
        "--device d --connect nowhere|--connect 'nowhere' is not host:port",
        "--device d --connect host:http|has no port number",
        "--device d --connect h:1 --input f.txt|give --connect or --input, not both",
        "--device d --sensors -1|--sensors is -1",
        "--device d --connect-timeout 0s|--connect-timeout must be positive",
        "--device d --frobnicate|Unknown option"
    })
    void shouldPrintUsageAndExitTwoOnBadFlags(String args, String message) {
        CliRun run = CliRun.bridge("", (args.contains("--bootstrap-servers") || args.contains("--schema-registry-url")
                ? args : KAFKA + args).split(" "));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: bridge");
    }

    @Test
    void shouldFailClearlyWhenTheBrokerIsUnreachable() {
        int closed = FreePorts.find();
        long t0 = System.nanoTime();
        CliRun run = CliRun.bridge("2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453\n", "--device", "d",
                "--bootstrap-servers", "127.0.0.1:" + closed, "--schema-registry-url", "mock://bridge-test",
                "-X", "max.block.ms=1000");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(run.errLines()).singleElement().asString().startsWith("bridge: no answer from Kafka at 127.0.0.1:"
                + closed);
    }

    @Test
    void shouldShowHelp() {
        CliRun run = CliRun.bridge("", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: bridge", "--connect", "--dead-letter-topic", "nc -lk 20000");
    }
}
