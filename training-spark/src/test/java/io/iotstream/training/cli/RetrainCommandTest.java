package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.TrustedKeys;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.training.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retrain} with the Tribuo engine and a folder store: the gate, the exit codes and the audit trail. */
class RetrainCommandTest {

    @TempDir
    Path dir;

    private CommandRun retrain(Path data, String version, String... more) {
        String[] base = {"retrain", data.toString(), "--engine", "tribuo", "--store", dir.resolve("store").toString(),
            "--name", "pump", "--model-version", version, "--gate", "auc>=0.97", "--by", "ci-bot"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.run(CliRun.NO_SPARK, args);
    }

    @Test
    void shouldPromoteAPassingModelRefuseAWorseOneAndAuditBoth() throws Exception {
        Path good = TestData.csv(dir.resolve("good.csv"), 6_000, 10, 3);
        Path noisy = TestData.noisyCsv(dir.resolve("noisy.csv"), 6_000, 10, 4, 0.3);

        CommandRun first = retrain(good, "1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("live version before retraining: none", "PROMOTED pump:1", "audit: PROMOTED");

        CommandRun worse = retrain(noisy, "2");
        assertThat(worse.exitCode()).as(worse.toString()).isEqualTo(RetrainCommand.GATE_REFUSED);
        assertThat(worse.out()).contains("REFUSED pump:2", "live version stays 1", "auc>=0.97: FAILED",
                "worse than the live model");

        List<AuditRecord> audit;
        try (ModelStore store = ModelStores.open(dir.resolve("store").toString(), StoreOptions.defaults())) {
            assertThat(store.live("pump").orElseThrow().version()).isEqualTo("1");
            assertThat(store.list("pump")).hasSize(2); // the refused version is published, the audit folder ignored
            audit = store.audit("pump");
        }
        assertThat(audit).extracting(AuditRecord::version, AuditRecord::decision).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", AuditRecord.Decision.PROMOTED),
                org.assertj.core.groups.Tuple.tuple("2", AuditRecord.Decision.REFUSED));
        AuditRecord refused = audit.get(1);
        assertThat(refused.by()).isEqualTo("ci-bot");
        assertThat(refused.gate()).isEqualTo("auc>=0.97");
        assertThat(refused.maxRegression()).isEqualTo(0.005);
        assertThat(refused.liveBefore()).isEqualTo("pump:1");
        assertThat(refused.liveAfter()).isEqualTo("pump:1");
        assertThat(refused.liveMetrics()).containsKey("auc");
        assertThat(refused.metrics().get("auc")).isLessThan(audit.get(0).metrics().get("auc"));
        assertThat(refused.reasons()).anyMatch(r -> r.contains("FAILED"));
        assertThat(refused.at()).isNotNull();
        assertThat(refused.dataUri()).endsWith("noisy.csv");
    }

    @Test
    void shouldSignWhatItPublishesSoThatAStoreTrustingTheKeyServesIt() throws Exception {
        Path keys = dir.resolve("keys");
        String keyId = ModelSigner.writeKeyPair(ModelSigner.generateKeyPair(), keys, "ci");
        Path good = TestData.csv(dir.resolve("good.csv"), 3_000, 10, 5);
        CommandRun run = retrain(good, "1", "--sign-key", keys.resolve("ci.key").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("signed by ed25519:");

        StoreOptions trusting = StoreOptions.defaults().withTrustedKeys(TrustedKeys.load(List.of(keys.resolve("ci.pub"))));
        try (ModelStore store = ModelStores.open(dir.resolve("store").toString(), trusting)) {
            assertThat(store.fetchSignature("pump", "1").orElseThrow().keyId()).isEqualTo(keyId);
            assertThat(store.fetch("pump", "1").version()).isEqualTo("1");
            assertThat(store.audit("pump").get(0).signedBy()).isEqualTo(keyId);
        }
    }

    @Test
    void shouldExitTwoOnUsageErrorsBeforeTraining() {
        CommandRun noGate = CliRun.run(CliRun.NO_SPARK, "retrain", "x", "--store", dir.toString());
        assertThat(noGate.exitCode()).isEqualTo(2);
        assertThat(noGate.err()).contains("--gate");

        CommandRun badGate = CliRun.run(CliRun.NO_SPARK, "retrain", "x", "--store", dir.toString(), "--gate", "auc=>1");
        assertThat(badGate.exitCode()).isEqualTo(2);
        assertThat(badGate.err()).contains("cannot read 'auc=>1'");

        CommandRun badKey = CliRun.run(CliRun.NO_SPARK, "retrain", "x", "--store", dir.toString(), "--gate", "auc>=0.9",
                "--sign-key", dir.resolve("missing.key").toString());
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("--sign-key", "model keygen");

        CommandRun announceWithoutBrokers = CliRun.run(CliRun.NO_SPARK, "retrain", "x", "--store", dir.toString(),
                "--gate", "auc>=0.9", "--announce");
        assertThat(announceWithoutBrokers.exitCode()).isEqualTo(2);
        assertThat(announceWithoutBrokers.err()).contains("--announce needs the Kafka brokers");

        CommandRun brokersWithoutAnnounce = CliRun.run(CliRun.NO_SPARK, "retrain", "x", "--store", dir.toString(),
                "--gate", "auc>=0.9", "--bootstrap-servers", "k:9092");
        assertThat(brokersWithoutAnnounce.exitCode()).isEqualTo(2);
        assertThat(brokersWithoutAnnounce.err()).contains("go with --announce");

        CommandRun help = CliRun.run(CliRun.NO_SPARK, "retrain", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--gate", "--max-regression", "--sign-key", "--announce", "--models-topic",
                "Exit: 0 promoted, 3 refused");
    }
}
