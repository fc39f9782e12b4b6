package io.iotstream.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.testkit.CommandRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S3 credentials never come from, nor are repeated from, a command line. */
class S3FlagsSecretTest {

    @Test
    void shouldRefuseCredentialsInTheEndpointWithoutRepeatingThem() {
        CommandRun run = CliRun.run(Map.of(), "list", "s3://models/prod", "--s3-endpoint",
                "http://AKIAEXAMPLE:s3cr3t-in-argv@127.0.0.1:9000");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--s3-endpoint must not hold credentials", "AWS_SHARED_CREDENTIALS_FILE")
                .doesNotContain("s3cr3t-in-argv", "AKIAEXAMPLE");
        assertThat(run.out()).doesNotContain("s3cr3t-in-argv");
    }

    @Test
    void shouldOfferNoCredentialFlag() {
        CommandRun help = CliRun.run(Map.of(), "list", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).doesNotContain("--secret", "--access-key", "--aws-");
    }
}
