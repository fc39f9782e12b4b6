package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.pmml.ModelPmml;
import io.iotstream.training.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --engine tribuo}: the whole command in this JVM, without Spark. */
class TrainCommandTribuoTest {

    @TempDir
    Path dir;

    @Test
    void shouldTrainExportAndDescribeTheModelWithoutSpark() throws Exception {
        Path csv = TestData.csv(dir.resolve("train.csv"), 10_000, 20, 9);
        Path out = dir.resolve("model");
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--engine", "tribuo", "--output",
                out.toString(), "--name", "pump", "--model-version", "7", "--git-sha", "abc123", "--epochs", "3");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("holdout (", "auc=", "parity: max |p(artifact) - p(tribuo)|", "wrote pump:7");

        ModelArtifact artifact = ModelJson.read(out.resolve("model.json"));
        assertThat(artifact.features().count()).isEqualTo(20);
        assertThat(artifact.metrics().get("auc")).isGreaterThanOrEqualTo(0.97);
        assertThat(artifact.provenance().trainer()).isEqualTo("tribuo");
        assertThat(artifact.provenance().trainerVersion()).isEqualTo(org.tribuo.Tribuo.VERSION);
        assertThat(artifact.provenance().parameters()).containsEntry("epochs", "3").containsEntry("engine", "tribuo")
                .containsEntry("holdout", "0.3").containsKeys("learningRate", "minibatchSize", "holdoutRows");
        assertThat(artifact.provenance().dataFingerprint()).startsWith("sha256:");
        assertThat(artifact.provenance().dataUri()).isEqualTo("file:" + csv);
        assertThat(artifact.provenance().seed()).isEqualTo(42L);
        assertThat(artifact.provenance().gitSha()).isEqualTo("abc123");
        assertThat(artifact.provenance().rows() + Long.parseLong(artifact.provenance().parameters().get("holdoutRows")))
                .isEqualTo(10_000);
        ModelArtifact fromPmml = ModelPmml.read(Files.readAllBytes(out.resolve("model.pmml")), "pump", "7");
        assertThat(fromPmml.weights()).containsExactly(artifact.weights());
    }

    @Test
    void shouldTrainOnTheOriginalSampleFileAsItIs() throws Exception {
        Path csv = TestData.sensorData(dir);
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--engine", "tribuo", "--output",
                dir.resolve("m").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ModelArtifact artifact = ModelJson.read(dir.resolve("m/model.json"));
        assertThat(artifact.features().count()).isEqualTo(10);
    }

    @Test
    void shouldReportABadRowWithFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "1,0.1,0.2\n0,0.3,0.4\n1,0.5\n");
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--engine", "tribuo");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(csv.toString(), "line 3", "has 2 fields but 3 are expected");

        Files.writeString(csv, "1,0.1,0.2\n0,0.3,0.4\n1,0.5,0.6\n0,0.7,x7\n");
        run = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--engine", "tribuo");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 4", "field 3 is 'x7', not a number");
    }

    @Test
    void shouldRefuseMissingInputAndImpossibleSettings() {
        CommandRun missing = CliRun.run(CliRun.NO_SPARK, "train", dir.resolve("nope").toString(), "--engine", "tribuo");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");

        CommandRun badHoldout = CliRun.run(CliRun.NO_SPARK, "train", "x", "--holdout", "1.5");
        assertThat(badHoldout.exitCode()).isEqualTo(2);
        assertThat(badHoldout.err()).contains("--holdout is 1.5");

        CommandRun gateWithoutStore = CliRun.run(CliRun.NO_SPARK, "train", "x", "--promote-if", "auc>=0.9");
        assertThat(gateWithoutStore.exitCode()).isEqualTo(2);
        assertThat(gateWithoutStore.err()).contains("--promote-if needs --publish");

        CommandRun badGate = CliRun.run(CliRun.NO_SPARK, "train", "x", "--publish", dir.toString(), "--promote-if", "auc");
        assertThat(badGate.exitCode()).isEqualTo(2);
        assertThat(badGate.err()).contains("cannot read 'auc'");
    }

    @Test
    void shouldSignWhatItPublishesWithSignKey() throws Exception {
        java.nio.file.Path keys = dir.resolve("keys");
        String keyId = io.iotstream.model.sign.ModelSigner.writeKeyPair(
                io.iotstream.model.sign.ModelSigner.generateKeyPair(), keys, "ci");
        Path csv = TestData.csv(dir.resolve("train.csv"), 2_000, 5, 8);
        String store = dir.resolve("store").toString();
        CommandRun run = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--engine", "tribuo", "--name", "pump",
                "--model-version", "1", "--publish", store, "--promote", "--sign-key", keys.resolve("ci.key").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("signed by " + keyId);
        try (var s = io.iotstream.model.store.ModelStores.open(store, io.iotstream.model.store.StoreOptions.defaults())) {
            assertThat(s.fetchSignature("pump", "1").orElseThrow().keyId()).isEqualTo(keyId);
        }

        CommandRun withoutStore = CliRun.run(CliRun.NO_SPARK, "train", csv.toString(), "--sign-key", "k.key");
        assertThat(withoutStore.exitCode()).isEqualTo(2);
        assertThat(withoutStore.err()).contains("--sign-key needs --publish");
    }
}
