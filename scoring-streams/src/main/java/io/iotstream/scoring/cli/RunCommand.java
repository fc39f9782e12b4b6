package io.iotstream.scoring.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.ScoringApp;
import io.iotstream.scoring.ScoringConfig;
import java.time.Clock;
import picocli.CommandLine.Command;

/** {@code score run}: runs one scorer instance until SIGTERM (exit 0) or a failure (exit 1). */
@Command(name = "run",
        description = "Score sensor readings with the live model and send alerts. Runs until stopped (SIGTERM: "
                + "commit and close gracefully). Start more instances with the same --application-id to share the "
                + "partitions. Operator endpoint: /health/live, /health/ready, /metrics (Prometheus) on --http-port.")
final class RunCommand extends ScoringSubcommand {

    @Override
    protected int run() throws Exception {
        ScoringConfig config = config().requireScoringSettings();
        // Every setting is checked before anything connects: the store's too.
        StoreOptions storeOptions = config.storeOptions(StoreOptions.fromEnvironment(parent.env, parent.properties));
        out().println("score: checking Kafka at " + String.join(",", config.bootstrapServers()) + ", the topics, "
                + "the schema registry and the model store (for up to " + config.startupTimeout().toSeconds() + " s, "
                + ScoringConfig.STARTUP_TIMEOUT_MS + ")");
        out().flush();
        StartupCheck.run(config, storeOptions, warning -> {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + warning);
            spec.commandLine().getErr().flush();
        });
        ScoringApp app = ScoringApp.start(config, storeOptions, Clock.systemUTC());
        Thread hook = new Thread(app::close, "iotstream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out().println("score: " + config.inputTopic() + " -> " + config.alertsTopic() + " with model "
                + config.modelRef() + "; operator endpoint on " + config.httpBindAddress() + ":" + app.httpPort());
        out().flush();
        boolean failed;
        try {
            failed = app.awaitTermination();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                app.close();
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the hook closes the app; the JVM exits when it is done.
            }
        }
        if (failed) {
            throw new ScoringCommand.CommandFailure("the scorer stopped: " + app.failure()
                    + ": see the log above; a restart resumes from the last commit", null);
        }
        return ExitCode.OK;
    }
}
