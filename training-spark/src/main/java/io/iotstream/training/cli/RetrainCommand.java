package io.iotstream.training.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.AnnounceFlags;
import io.iotstream.cli.flags.ByFlag;
import io.iotstream.cli.flags.SignKeyFlag;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.training.train.ModelPublisher;
import io.iotstream.training.train.Promotion;
import io.iotstream.training.train.PromotionGate;
import io.iotstream.training.train.TrainConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code retrain}: the CI/CD retrain-and-publish job. Trains (Spark or Tribuo), evaluates on the holdout, compares
 * with the live model, publishes the new version, and makes it live only if it passes the gate; every decision is
 * written to the store's audit trail ({@link ModelStore#appendAudit}).
 */
@Command(name = "retrain",
        description = {
            "Retrain and publish, promoting only through a gate (the CI/CD job).",
            "Trains on <input>, evaluates on the holdout, compares with the live model of",
            "--store, publishes the new version, and makes it live only if it passes",
            "--gate and is not worse than the live model by more than --max-regression.",
            "Each decision is recorded in <store>/<name>/audit/; --announce also sends",
            "a model event to Kafka after a promotion, so running scorers swap at once.",
            "Exit: 0 promoted, 3 refused by the gate (live model untouched), 1 failure,",
            "2 usage or bad input."
        })
final class RetrainCommand extends Subcommand {

    /** Exit code when the gate refused the new version: published, not live; the live model is untouched. */
    static final int GATE_REFUSED = TrainCommand.GATE_REFUSED;

    @Mixin
    TrainOptions training;

    @Option(names = "--store", paramLabel = "<store>", required = true,
            description = "The model store: s3://bucket/prefix, file:///dir or a path.")
    String store;

    @Option(names = "--gate", paramLabel = "<gate>", required = true,
            description = "Promote only if every condition holds, e.g. 'auc>=0.97' (conditions joined by ',' or "
                    + "'&&').")
    String gate;

    @Option(names = "--max-regression", paramLabel = "<x>", defaultValue = "0.005",
            description = "How much worse than the live model a gated metric may be (default: ${DEFAULT-VALUE}).")
    double maxRegression;

    @Mixin
    ByFlag by;

    @Mixin
    SignKeyFlag signing;

    @Mixin
    AnnounceFlags announcing;

    @Override
    protected int run() throws Exception {
        PromotionGate promotionGate = PromotionGate.parse(gate, maxRegression);
        TrainConfig config = training.config(parent, null, store, Promotion.GATE, promotionGate, by.value());
        ModelSigner signer = signing.signer().orElse(null);
        Map<String, Object> kafka = announcing.clientSettings(parent.env(), spec.commandLine().getParseResult());
        StoreOptions storeOptions = parent.storeOptions(training.spark.s3);
        PrintWriter out = out();
        long start = System.nanoTime();

        try (ModelStore modelStore = ModelStores.open(config.publish(), storeOptions)) {
            // Read before training: a store that cannot be read fails now, and the output shows what is at stake.
            Optional<LivePointer> liveBefore = modelStore.live(config.name());
            out.println(config.name() + ": live version before retraining: "
                    + liveBefore.map(LivePointer::version).orElse("none"));
            ModelTraining.Result trained = ModelTraining.run(parent, config, storeOptions, training.spark.master, out);
            ModelArtifact artifact = trained.artifact();
            ModelSignature signature = signer == null ? null : signer.sign(artifact);

            ModelPublisher.Outcome outcome;
            try {
                outcome = ModelPublisher.publish(modelStore, artifact, signature, Promotion.GATE, promotionGate,
                        config.promotedBy());
            } catch (RuntimeException e) {
                // Record the failure too, but never let a failing audit write hide why the publication failed.
                String live = liveBefore.map(p -> id(config, p)).orElse(null);
                try {
                    audit(modelStore, new AuditRecord(artifact.name(), artifact.version(), artifact.checksum(),
                            AuditRecord.Decision.FAILED, config.promotedBy(), parent.clock().instant(), gate,
                            maxRegression, artifact.metrics(), live, Map.of(), live,
                            List.of(String.valueOf(e.getMessage())), signature == null ? null : signature.keyId(),
                            artifact.provenance().dataUri()), out);
                } catch (RuntimeException auditFailure) {
                    e.addSuppressed(auditFailure);
                }
                throw e;
            }
            PromotionGate.Decision decision = outcome.decision().orElseThrow();
            out.println("published " + artifact.id() + " " + outcome.published().checksum() + " to "
                    + outcome.published().location()
                    + (signature == null ? " (unsigned)" : " (signed by " + signature.keyId() + ")"));
            decision.reasons().forEach(r -> out.println("  gate: " + r));
            String liveAfter = outcome.live().map(p -> id(config, p))
                    .orElse(liveBefore.map(p -> id(config, p)).orElse(null));
            AuditRecord record = new AuditRecord(artifact.name(), artifact.version(), artifact.checksum(),
                    outcome.promoted() ? AuditRecord.Decision.PROMOTED : AuditRecord.Decision.REFUSED,
                    config.promotedBy(), parent.clock().instant(), gate, maxRegression, artifact.metrics(),
                    outcome.compared().map(PromotionGate.Live::id).orElse(null),
                    outcome.compared().map(PromotionGate.Live::metrics).orElse(Map.of()), liveAfter,
                    decision.reasons(), signature == null ? null : signature.keyId(),
                    artifact.provenance().dataUri());
            audit(modelStore, record, out);

            int code;
            if (outcome.promoted()) {
                out.println("PROMOTED " + artifact.id() + ": " + artifact.name() + " live version is "
                        + artifact.version() + " (by " + config.promotedBy() + ")");
                if (kafka != null) {
                    announcing.announce(kafka, new ModelEvent(artifact.name(), artifact.version(),
                            config.publish(), artifact.checksum()), "retrain", out, spec.commandLine().getErr());
                }
                code = ExitCode.OK;
            } else {
                out.println("REFUSED " + artifact.id() + ": the gate refused it; live version stays "
                        + liveBefore.map(LivePointer::version).orElse("none") + " (exit " + GATE_REFUSED + ")");
                code = GATE_REFUSED;
            }
            out.printf(Locale.ROOT, "%s: Retrained %s in %.1f seconds%n", Instant.now(), artifact.id(),
                    (System.nanoTime() - start) / 1e9);
            out.flush();
            return code;
        }
    }

    private static void audit(ModelStore store, AuditRecord record, PrintWriter out) {
        String where = store.appendAudit(record);
        out.println("audit: " + record.decision() + " recorded at " + where);
    }

    private static String id(TrainConfig config, LivePointer pointer) {
        return config.name() + ":" + pointer.version();
    }
}
