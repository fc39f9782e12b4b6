package io.iotstream.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.model.store.TestModels;
import io.iotstream.testkit.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The {@code model} command against a real S3 API server, configured by flags and by environment. */
class ModelCommandS3IT {

    private static final String BUCKET = "model-cli-it";
    private static S3ProxyServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.shared();
        server.createBucket(BUCKET);
    }

    /** Only credentials in the environment; endpoint, path style and region as flags. */
    private static Map<String, String> credentialsOnly() {
        return Map.of("AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", server.secretKey());
    }

    private static String[] withFlags(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 5);
        all[args.length] = "--s3-endpoint";
        all[args.length + 1] = server.endpoint().toString();
        all[args.length + 2] = "--s3-path-style";
        all[args.length + 3] = "--s3-region";
        all[args.length + 4] = server.region();
        return all;
    }

    @Test
    void shouldPublishListPromoteAndRollBackOnS3WithFlags() throws Exception {
        String store = "s3://" + BUCKET + "/cli/" + UUID.randomUUID();
        Path m1 = tmp.resolve("m1.json");
        Path m2 = tmp.resolve("m2.json");
        Files.write(m1, ModelJson.write(TestModels.artifact("pump", "1", 1)));
        Files.write(m2, ModelJson.write(TestModels.artifact("pump", "2", 2)));

        CommandRun publish1 = CliRun.run(credentialsOnly(), withFlags("publish", store, m1.toString(), "--promote"));
        assertThat(publish1.exitCode()).as(publish1.toString()).isZero();
        assertThat(publish1.out()).contains("published pump:1", store + "/pump/versions/1/", "live version is 1");

        CommandRun publish2 = CliRun.run(credentialsOnly(), withFlags("publish", store, m2.toString()));
        assertThat(publish2.exitCode()).as(publish2.toString()).isZero();

        CommandRun again = CliRun.run(credentialsOnly(), withFlags("publish", store, m2.toString()));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.errLines()).singleElement().asString().contains("already exists");

        CommandRun promote = CliRun.run(credentialsOnly(),
                withFlags("promote", store, "--name", "pump", "--version", "2"));
        assertThat(promote.exitCode()).as(promote.toString()).isZero();

        CommandRun list = CliRun.run(credentialsOnly(), withFlags("list", store));
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines()).anySatisfy(l -> assertThat(l).matches("\\*\\s+pump\\s+2\\s+.*"));

        CommandRun inspect = CliRun.run(credentialsOnly(), withFlags("inspect", store, "--name", "pump"));
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(inspect.out()).contains("model:      pump:2", "(verified)");

        CommandRun rollback = CliRun.run(credentialsOnly(), withFlags("rollback", store, "--name", "pump"));
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("rolled back pump from 2 to 1");

        for (CommandRun run : new CommandRun[] {publish1, publish2, again, promote, list, inspect, rollback}) {
            assertThat(run.out() + run.err()).doesNotContain(server.secretKey());
        }
    }

    @Test
    void shouldPrintTheAuditTrailOfAModelOnS3() {
        String store = "s3://" + BUCKET + "/cli-audit/" + UUID.randomUUID();
        StoreOptions options = StoreOptions.defaults().withS3Endpoint(server.endpoint()).withS3PathStyle(true)
                .withRegion(server.region()).withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())));
        try (ModelStore s = ModelStores.open(store, options)) {
            s.appendAudit(AuditCommandTest.promoted());
            s.appendAudit(AuditCommandTest.refused());
        }

        CommandRun text = CliRun.run(credentialsOnly(), withFlags("audit", store, "pump"));
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out().lines()).hasSize(3).element(2).asString()
                .startsWith("2026-11-25T03:30:00Z  3        REFUSED   alice");

        CommandRun json = CliRun.run(credentialsOnly(), withFlags("audit", store, "pump", "--json"));
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"store\" : \"" + store + "\"", "\"decision\" : \"REFUSED\"");
        for (CommandRun run : List.of(text, json)) {
            assertThat(run.out() + run.err()).doesNotContain(server.secretKey());
        }
    }

    @Test
    void shouldTakeTheStoreSettingsFromTheEnvironment() throws Exception {
        String store = "s3://" + BUCKET + "/cli-env/" + UUID.randomUUID();
        Path m1 = tmp.resolve("m1.json");
        Files.write(m1, ModelJson.write(TestModels.artifact("pump", "1", 1)));
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL_S3", server.endpoint().toString(),
                "AWS_REGION", server.region(),
                "IOTSTREAM_S3_PATH_STYLE", "true",
                "AWS_ACCESS_KEY_ID", server.accessKey(),
                "AWS_SECRET_ACCESS_KEY", server.secretKey());

        CommandRun publish = CliRun.run(env, "publish", store, m1.toString());
        assertThat(publish.exitCode()).as(publish.toString()).isZero();

        CommandRun list = CliRun.run(env, "list", store, "--name", "pump", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("\"version\" : \"1\"");
    }

    @Test
    void shouldFailOnOneLineWithoutTheSecretWhenCredentialsAreWrong() {
        String secret = "not-the-secret-" + UUID.randomUUID();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAWRONG", "AWS_SECRET_ACCESS_KEY", secret);

        CommandRun run = CliRun.run(env, withFlags("list", "s3://" + BUCKET + "/x"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("model list: ")
                .contains("HTTP 403", "check the credentials")
                .doesNotContain(secret);
    }
}
