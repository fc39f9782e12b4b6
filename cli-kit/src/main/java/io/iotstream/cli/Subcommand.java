package io.iotstream.cli;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every subcommand ({@code model promote}, {@code train}, {@code score run}...) shares: its spec (for out and
 * err), {@code -h}, and one failure handling, so that {@code execute(args)} in a test behaves exactly like
 * {@code main}. A module adapts its own exceptions in {@link #translate}.
 */
public abstract class Subcommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private final OneLineErrors errors;

    /** @param errors the command's failure handler: which failures are expected, and how they print */
    protected Subcommand(OneLineErrors errors) {
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (Exception e) {
            return errors.report(spec.commandLine(), translate(e));
        }
    }

    /** Does the work; returns the exit code. Exceptions go to the command's {@link OneLineErrors}. */
    protected abstract int run() throws Exception;

    /** A module's own failures as the ones {@link OneLineErrors} knows (e.g. bad input as a usage error). */
    protected Exception translate(Exception e) {
        return e;
    }

    /** The command's standard output. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
