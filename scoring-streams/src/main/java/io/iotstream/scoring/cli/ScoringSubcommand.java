package io.iotstream.scoring.cli;

import io.iotstream.scoring.ScoringConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the config file flag, settings resolution, and the one failure handler, so that
 * {@code execute(args)} in tests behaves exactly like {@code main}.
 */
abstract class ScoringSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ScoringCommand parent;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--config-file", paramLabel = "<file>",
            description = "Properties file of settings (keys as the flags without --, e.g. model.uri=...); flags "
                    + "and IOTSTREAM_* variables override it. Env: IOTSTREAM_CONFIG_FILE.")
    Path configFile;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (ConfigException e) {
            // A setting the config could only check as a whole: a usage error like the others.
            return ScoringCommand.ERRORS.report(spec.commandLine(), new IllegalArgumentException(e.getMessage(), e));
        } catch (Exception e) {
            return ScoringCommand.ERRORS.report(spec.commandLine(), e);
        }
    }

    /** Does the work; returns the exit code. */
    abstract int run() throws Exception;

    /** The settings from flags, environment and config file. */
    ScoringConfig config() {
        PrintWriter err = spec.commandLine().getErr();
        return ScoringConfig.resolve(SettingOptions.values(spec), parent.env, configFile, warning -> {
            err.println(spec.qualifiedName() + ": warning: " + warning);
            err.flush();
        });
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
