package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Arguments that make no sense are refused with exit 2 before Spark starts. */
class GenCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gen 0 10 1 /tmp/x                          | rows is 0",
        "gen 10 0 1 /tmp/x                          | sensors is 0",
        "gen 10 10 0 /tmp/x                         | partitions is 0",
        "gen 3 10 4 /tmp/x                          | partitions <= rows",
        "gen 10 10 1 /tmp/x 50 --ones-percent 10    | not both",
        "gen 10 10 1 /tmp/x --ones-percent 100      | strictly between 0 and 100",
        "gen 10 10 1 /tmp/x --format orc            | use csv or parquet",
    })
    void shouldRefuseSettingsThatMakeNoSense(String args, String message) {
        CommandRun run = CliRun.run(CliRun.NO_SPARK, args.trim().split("\\s+"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void shouldPrintUsageForUnreadableArguments() {
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "gen", "many", "10", "1", "/tmp/x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for positional parameter at index 0 (<rows>)", "Usage:");
    }

    @Test
    void shouldRefuseABadS3EndpointBeforeStartingSpark() {
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "gen", "10", "10", "1", "s3a://b/x", "--s3-endpoint", "ftp://x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--s3-endpoint");
    }
}
