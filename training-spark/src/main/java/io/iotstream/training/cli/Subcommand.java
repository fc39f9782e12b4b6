package io.iotstream.training.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.training.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.ParentCommand;

/**
 * What {@code gen}, {@code train} and {@code retrain} share besides cli-kit's {@link io.iotstream.cli.Subcommand}:
 * settings from the parent, and their failures: bad input is a usage error (exit 2); an I/O failure deep in a
 * Spark job is reported with its root cause.
 */
abstract class Subcommand extends io.iotstream.cli.Subcommand {

    @ParentCommand
    TrainingCommand parent;

    Subcommand() {
        super(TrainingCommand.ERRORS);
    }

    @Override
    protected Exception translate(Exception e) {
        if (e instanceof BadInputException bad) {
            return new CliFailure(bad.getMessage(), bad, ExitCode.USAGE);
        }
        if (e instanceof CliFailure || e instanceof IllegalArgumentException) {
            return e;
        }
        if (e instanceof UncheckedIOException u) {
            return new CliFailure(u.getMessage() + ": check the path, the permissions and the storage settings", e);
        }
        // Spark wraps task failures (SparkException, not declared in Java); name the I/O problem underneath.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return new CliFailure("I/O error: " + io + ": check the path, the permissions and the storage "
                        + "settings", e);
            }
        }
        return e;
    }
}
