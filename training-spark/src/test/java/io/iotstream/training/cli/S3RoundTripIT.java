package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.training.SharedSpark;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * s3a:// data and s3:// model stores against a real S3 API server (S3Proxy), with the individual AWS SDK modules
 * instead of the SDK bundle: gen writes to s3a://, train reads from it, writes the artifact to s3a:// and publishes
 * to s3:// with a promotion gate. Credentials come from the environment only.
 */
class S3RoundTripIT {

    private static final String BUCKET = "training-it";
    private static S3ProxyServer server;
    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.shared();
        server.createBucket(BUCKET);
    }

    private static Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", server.secretKey(),
                "AWS_ENDPOINT_URL_S3", server.endpoint().toString());
    }

    private CommandRun run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--s3-region";
        all[args.length + 1] = server.region();
        return CliRun.run(CliRun.sharing(spark), env(), all);
    }

    @Test
    void shouldGenerateTrainAndPublishThroughS3() throws Exception {
        String prefix = UUID.randomUUID().toString();
        String data = "s3a://" + BUCKET + "/" + prefix + "/train";
        String store = "s3://" + BUCKET + "/" + prefix + "/models";

        CommandRun gen = run("gen", "6000", "10", "3", data, "--format", "csv", "--seed", "8");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        assertThat(gen.out()).contains("Created " + data);
        assertThat(gen.out() + gen.err()).doesNotContain(server.secretKey());

        CommandRun first = run("train", data, "--output", "s3a://" + BUCKET + "/" + prefix + "/export", "--publish", store,
                "--model-version", "1", "--promote-if", "auc>=0.97");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Read 6000 rows of 10 sensors", "published sensor-failure:1",
                "gate: auc>=0.97: ok", "live version is 1");
        assertThat(first.out() + first.err()).doesNotContain(server.secretKey());

        CommandRun refused = run("train", data, "--publish", store, "--model-version", "2", "--promote-if", "auc>=1.01");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.out()).contains("published sensor-failure:2", "auc>=1.01: FAILED", "was NOT promoted");

        StoreOptions options = StoreOptions.defaults().withS3Endpoint(URI.create(server.endpoint().toString()))
                .withRegion(server.region())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())));
        try (ModelStore s = ModelStores.open(store, options)) {
            assertThat(s.live("sensor-failure").orElseThrow().version()).isEqualTo("1");
            ModelArtifact published = s.fetch("sensor-failure", "1");
            assertThat(published.provenance().dataUri()).isEqualTo(data);
            assertThat(published.provenance().dataFingerprint()).startsWith("sha256:");
            assertThat(s.list("sensor-failure")).hasSize(2);
        }

        // The s3a:// export holds the same artifact as the store.
        CommandRun tribuo = run("train", data, "--engine", "tribuo", "--publish", store, "--model-version", "3",
                "--promote");
        assertThat(tribuo.exitCode()).as(tribuo.toString()).isZero();
        assertThat(tribuo.out()).contains("live version is 3");
        org.apache.hadoop.fs.Path export = new org.apache.hadoop.fs.Path(
                "s3a://" + BUCKET + "/" + prefix + "/export/model.json");
        try (var in = export.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(export)) {
            ModelArtifact exported = ModelJson.read(in);
            assertThat(exported.id()).isEqualTo("sensor-failure:1");
        }
    }

    @Test
    void shouldReadParquetFromS3aWithBothEngines() {
        String data = "s3a://" + BUCKET + "/" + UUID.randomUUID() + "/parquet";
        StorageRoundTrips.assertParquetReadByBothEngines(this::run, data, 2);
    }
}
