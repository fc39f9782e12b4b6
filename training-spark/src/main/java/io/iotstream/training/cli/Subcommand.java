package io.iotstream.training.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.training.io.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code gen} and {@code train} share: output, settings from the parent, and failure handling, so that
 * {@code execute(args)} in a test behaves exactly like {@code main}. Bad input is a usage error (exit 2); an I/O
 * failure deep in a Spark job is reported with its root cause.
 */
abstract class Subcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    TrainingCommand parent;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (Exception e) {
            return TrainingCommand.ERRORS.report(spec.commandLine(), translate(e));
        }
    }

    abstract int run() throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static Exception translate(Exception e) {
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
