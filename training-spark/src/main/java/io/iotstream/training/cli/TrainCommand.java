package io.iotstream.training.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.AnnounceFlags;
import io.iotstream.cli.flags.ByFlag;
import io.iotstream.cli.flags.SignKeyFlag;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.store.LiveEntry;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.training.train.ModelOutput;
import io.iotstream.training.train.ModelPublisher;
import io.iotstream.training.train.Promotion;
import io.iotstream.training.train.PromotionGate;
import io.iotstream.training.train.TrainConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: the original benchmark's {@code iottrain}, with holdout metrics, export, publication and a gate. */
@Command(name = "train",
        aliases = "iottrain",
        description = {
            "Train, evaluate, export and publish the model (the original's iottrain).",
            "Fits a logistic regression on labelled rows (CSV or Parquet), evaluates it",
            "on a seeded holdout, and writes model.json + model.pmml and/or publishes it."
        })
final class TrainCommand extends Subcommand {

    /** Exit code when the model was published but the promotion gate refused to make it live. */
    static final int GATE_REFUSED = ExitCode.GATE_REFUSED;

    @Mixin
    TrainOptions training;

    @Option(names = {"-o", "--output"}, paramLabel = "<dir>",
            description = "Write model.json and model.pmml into this directory (path or Hadoop URI).")
    String output;

    @Option(names = "--publish", paramLabel = "<store>",
            description = "Publish to this model store: s3://bucket/prefix, file:///dir or a path.")
    String publish;

    @Option(names = "--promote", description = "With --publish: make the version live.")
    boolean promote;

    @Option(names = "--promote-if", paramLabel = "<gate>",
            description = "With --publish: make the version live only if the gate passes, e.g. 'auc>=0.97' "
                    + "(conditions joined by ',' or '&&'); exit 3 if it does not.")
    String promoteIf;

    @Option(names = "--max-regression", paramLabel = "<x>", defaultValue = "0.01",
            description = "With --promote-if: how much worse than the live model a gated metric may be "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxRegression;

    @Mixin
    ByFlag by;

    @Mixin
    SignKeyFlag signing;

    @Mixin
    AnnounceFlags announcing;

    @Override
    protected int run() throws Exception {
        if (promote && promoteIf != null) {
            throw new IllegalArgumentException("give --promote or --promote-if, not both");
        }
        if (signing.path().isPresent() && publish == null) {
            throw new IllegalArgumentException("--sign-key needs --publish: signatures are stored in a model store");
        }
        Promotion promotion = promoteIf != null ? Promotion.GATE : promote ? Promotion.ALWAYS : Promotion.NONE;
        if (announcing.enabled() && (publish == null || promotion == Promotion.NONE)) {
            throw new IllegalArgumentException("--announce goes with --publish and --promote (or --promote-if): "
                    + "it tells scorers that a version went live");
        }
        PromotionGate gate = promoteIf != null ? PromotionGate.parse(promoteIf, maxRegression) : null;
        TrainConfig config = training.config(parent, output, publish, promotion, gate, by.value());
        ModelSigner signer = signing.signer().orElse(null);
        Map<String, Object> kafka = announcing.clientSettings(parent.env(), spec.commandLine().getParseResult());
        StoreOptions storeOptions = parent.storeOptions(training.spark.s3);
        PrintWriter out = out();
        long start = System.nanoTime();

        // Open the store first: a bad location fails before an hour of training, not after.
        try (ModelStore store = config.publish() == null ? null : ModelStores.open(config.publish(), storeOptions)) {
            ModelTraining.Result trained = ModelTraining.run(parent, config, storeOptions, training.spark.master, out);
            ModelArtifact artifact = trained.artifact();

            if (config.output() != null) {
                String json = ModelOutput.write(trained.conf(), config.output(), artifact);
                out.println("wrote " + artifact.id() + " " + artifact.checksum() + " to " + json + " (and model.pmml)");
            }
            int code = ExitCode.OK;
            if (store != null) {
                ModelSignature signature = signer == null ? null : signer.sign(artifact);
                ModelPublisher.Outcome outcome = ModelPublisher.publish(store, artifact, signature,
                        config.promotion(), config.gate(), config.promotedBy());
                out.println("published " + artifact.id() + " " + outcome.published().checksum() + " to "
                        + outcome.published().location()
                        + (signature == null ? " (unsigned)" : " (signed by " + signature.keyId() + ")"));
                outcome.decision().ifPresent(d -> d.reasons().forEach(r -> out.println("  gate: " + r)));
                if (outcome.promoted()) {
                    LiveEntry live = outcome.live().orElseThrow().live();
                    out.println(artifact.name() + ": live version is " + live.version() + " (promoted by "
                            + live.promotedBy() + ")");
                    if (kafka != null) {
                        announcing.announce(kafka, new ModelEvent(artifact.name(), artifact.version(),
                                config.publish(), artifact.checksum()), "train", out, spec.commandLine().getErr());
                    }
                } else if (config.promotion() == Promotion.GATE) {
                    out.println(artifact.id() + " was NOT promoted: the gate refused it (exit " + GATE_REFUSED + ")");
                    code = GATE_REFUSED;
                }
            }
            if (config.output() == null && store == null) {
                out.println("no --output or --publish: the model was evaluated but not written");
            }
            out.printf(Locale.ROOT, "%s: Trained %s in %.1f seconds%n", Instant.now(), artifact.id(),
                    (System.nanoTime() - start) / 1e9);
            out.flush();
            return code;
        }
    }
}
