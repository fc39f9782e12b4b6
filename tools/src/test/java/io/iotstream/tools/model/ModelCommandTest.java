package io.iotstream.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.TestModels;
import io.iotstream.testkit.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path storeDir;
    String store;
    Path model1;
    Path model2;
    ModelArtifact artifact1;

    @BeforeEach
    void writeModels() throws Exception {
        storeDir = tmp.resolve("store");
        store = storeDir.toUri().toString();
        artifact1 = TestModels.artifact("turbine", "1", 1);
        model1 = tmp.resolve("model-1.json");
        Files.write(model1, ModelJson.write(artifact1));
        model2 = tmp.resolve("model-2.json");
        Files.write(model2, ModelJson.write(TestModels.artifact("turbine", "2", 2)));
    }

    static CommandRun model(String... args) {
        return CliRun.run(Map.of(), args);
    }

    // ---- help and usage errors ---------------------------------------------------------------------------

    @Test
    void shouldPrintHelpListingEverySubcommand() {
        CommandRun run = model("--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: model", "inspect", "verify", "list", "publish", "promote", "rollback",
                "AWS_ENDPOINT_URL_S3", "Exit codes: 0 ok, 1 failure, 2 usage");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldPrintSubcommandHelpWithTheStoreFlags() {
        CommandRun run = model("promote", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: model promote", "--name", "--version", "--s3-endpoint",
                "--s3-path-style", "--s3-region");
    }

    @Test
    void shouldPrintTheVersion() {
        CommandRun run = model("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("model (IoTStream tools) ");
    }

    @Test
    void shouldExitTwoWithUsageOnAnUnknownFlag() {
        CommandRun run = model("list", store, "--bogus");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'", "Usage: model list");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldExitTwoWithUsageOnAMissingArgumentOrOption() {
        CommandRun noFile = model("verify");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).contains("Missing required parameter: '<file>'", "Usage: model verify");

        CommandRun noVersion = model("promote", store, "--name", "turbine");
        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.err()).contains("Missing required option: '--version=<version>'", "Usage: model promote");

        CommandRun noSubcommand = model();
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).contains("Missing subcommand", "Usage: model");
    }

    @Test
    void shouldExitTwoWithUsageOnAnInvalidFlagValue() {
        CommandRun run = model("list", "s3://bucket/models", "--s3-endpoint", "not a url");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid s3.endpoint 'not a url' (from --s3-endpoint)", "Usage: model list");
    }

    @Test
    void shouldExitTwoWithOneLineOnAnInvalidModelName() {
        CommandRun run = model("promote", store, "--name", "../etc", "--version", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("model promote: model name '../etc' is not allowed");
    }

    @Test
    void shouldExitTwoWithOneLineOnAnUnsupportedStore() {
        CommandRun run = model("list", "gs://bucket/models");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .contains("unsupported scheme 'gs'", "use s3://bucket/prefix");
    }

    // ---- verify ------------------------------------------------------------------------------------------

    @Test
    void shouldVerifyAValidModel() {
        CommandRun run = model("verify", model1.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("OK turbine:1 " + artifact1.checksum() + " (checksum verified)\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldExitOneWithTheReasonOnOneLineForAnInvalidModel() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.write(bad, TestModels.tampered(ModelJson.write(artifact1)));

        CommandRun run = model("verify", bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("model verify: " + bad + " is not a valid model: ")
                .contains("checksum mismatch");
    }

    @Test
    void shouldExitOneForAMissingOrNonJsonFile() throws Exception {
        CommandRun missing = model("verify", tmp.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errLines()).singleElement().asString().contains("no such file", "check the path");

        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello");
        CommandRun notJson = model("verify", "file://" + text);
        assertThat(notJson.exitCode()).isEqualTo(1);
        assertThat(notJson.errLines()).singleElement().asString().contains("invalid JSON");
    }

    // ---- inspect -----------------------------------------------------------------------------------------

    @Test
    void shouldInspectAModelFile() {
        CommandRun run = model("inspect", model1.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains(
                "name:       turbine",
                "version:    1",
                "features:   3 [s1, s2, s3], neutral value 0.5",
                "threshold:  0.5",
                "metrics:    auc=0.91, f1=0.8",
                "trainer:      iottrain-test 0.1.0",
                "data:         file:///data/train.csv",
                "seed:         42",
                "parameters:   regParam=0.01",
                "checksum:   " + artifact1.checksum() + " (verified)");
    }

    @Test
    void shouldInspectAsJson() throws Exception {
        CommandRun run = model("inspect", model1.toString(), "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("valid").asBoolean()).isTrue();
        assertThat(root.get("checksumStatus").asText()).isEqualTo("verified");
        assertThat(root.at("/model/name").asText()).isEqualTo("turbine");
        assertThat(root.at("/model/checksum").asText()).isEqualTo(artifact1.checksum());
        assertThat(root.at("/model/provenance/trainer").asText()).isEqualTo("iottrain-test");
    }

    @Test
    void shouldShowAnInvalidChecksumAndExitOne() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.write(bad, TestModels.tampered(ModelJson.write(artifact1)));

        CommandRun text = model("inspect", bad.toString());
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("checksum:   INVALID");
        assertThat(text.errLines()).singleElement().asString().contains("checksum mismatch");

        CommandRun json = model("inspect", bad.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.get("valid").asBoolean()).isFalse();
        assertThat(root.get("error").asText()).contains("checksum mismatch");
    }

    @Test
    void shouldInspectAModelInAStore() {
        model("publish", store, model1.toString(), "--promote");
        model("publish", store, model2.toString());

        CommandRun live = model("inspect", store, "--name", "turbine");
        assertThat(live.exitCode()).as(live.toString()).isZero();
        assertThat(live.out()).contains("live version 1", "version:    1", "(verified)");

        CommandRun pinned = model("inspect", store, "--name", "turbine", "--version", "2");
        assertThat(pinned.exitCode()).as(pinned.toString()).isZero();
        assertThat(pinned.out()).contains("version:    2");

        CommandRun noName = model("inspect", store);
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("Missing --name", "Usage: model inspect");
    }

    // ---- publish, list, promote, rollback ----------------------------------------------------------------

    @Test
    void shouldPublishJsonAndPmmlAndRefuseToPublishTwice() {
        CommandRun first = model("publish", store, model1.toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("published turbine:1 " + artifact1.checksum() + " to " + store);
        assertThat(storeDir.resolve("turbine/versions/1/model.json")).exists();
        assertThat(storeDir.resolve("turbine/versions/1/model.pmml")).exists();

        CommandRun again = model("publish", store, model1.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.errLines()).singleElement().asString()
                .startsWith("model publish: version turbine:1 already exists")
                .endsWith("publish under a new version");
    }

    @Test
    void shouldRefuseToPublishAnInvalidModel() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.write(bad, TestModels.tampered(ModelJson.write(artifact1)));

        CommandRun run = model("publish", store, bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("is not a valid model", "checksum mismatch");
        assertThat(storeDir.resolve("turbine")).doesNotExist();
    }

    @Test
    void shouldListVersionsWithMetricsAndMarkTheLiveOne() throws Exception {
        assertThat(model("list", store).out()).startsWith("no models in ");
        model("publish", store, model1.toString());
        model("publish", store, model2.toString());
        model("promote", store, "--name", "turbine", "--version", "2");

        CommandRun run = model("list", store);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).matches("\\s+turbine\\s+1\\s+2026-01-02T03:04:05Z"
                + "\\s+auc=0.91 f1=0.8"));
        assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).matches("\\*\\s+turbine\\s+2\\s+.*auc=0.91.*"));
        assertThat(run.out()).contains("turbine: live version is 2 (promote by tester");

        CommandRun json = model("list", store, "--name", "turbine", "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.at("/models/0/live").asText()).isEqualTo("2");
        assertThat(root.at("/models/0/versions/1/live").asBoolean()).isTrue();
        assertThat(root.at("/models/0/versions/0/metrics/auc").asDouble()).isEqualTo(0.91);
    }

    @Test
    void shouldListAnInvalidVersionWithItsProblem() throws Exception {
        model("publish", store, model1.toString());
        Files.write(storeDir.resolve("turbine/versions/1/model.json"),
                TestModels.tampered(ModelJson.write(artifact1)));

        CommandRun run = model("list", store, "--name", "turbine");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("INVALID:", "failed verification");
    }

    @Test
    void shouldPromoteAndRollBack() {
        model("publish", store, model1.toString(), "--promote", "--by", "ci");
        model("publish", store, model2.toString());

        CommandRun promote = model("promote", store, "--name", "turbine", "--version", "2");
        assertThat(promote.exitCode()).as(promote.toString()).isZero();
        assertThat(promote.out()).contains("turbine: live version is 2 (promote by tester", "rollback would go to 1");

        CommandRun rollback = model("rollback", store, "--name", "turbine", "--by", "oncall");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("rolled back turbine from 2 to 1",
                "turbine: live version is 1 (rollback by oncall");

        CommandRun nothingLeft = model("rollback", store, "--name", "turbine");
        assertThat(nothingLeft.exitCode()).isEqualTo(1);
        assertThat(nothingLeft.errLines()).singleElement().asString()
                .startsWith("model rollback: model 'turbine' has no earlier live version to roll back to");
    }

    @Test
    void shouldExitOneWhenPromotingAMissingVersion() {
        model("publish", store, model1.toString());

        CommandRun run = model("promote", store, "--name", "turbine", "--version", "9");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("model promote: model 'turbine' version '9' not found")
                .contains("model list");
    }

    @Test
    void shouldReportUnexpectedErrorsOnOneLineThroughMainsHandlerToo() {
        CommandLine cmd = ModelCommand.newCommandLine(new ModelCommand(Map.of(), Map.of()));
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err, true));
        cmd.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));

        int code = cmd.execute("verify", tmp.resolve("missing.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("model verify: no such file");
    }
}
