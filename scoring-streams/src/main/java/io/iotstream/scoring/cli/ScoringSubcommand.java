package io.iotstream.scoring.cli;

import io.iotstream.cli.Subcommand;
import io.iotstream.scoring.ScoringConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What every subcommand shares: the config file flag, settings resolution, and the one failure handler, so that
 * {@code execute(args)} in tests behaves exactly like {@code main}.
 */
abstract class ScoringSubcommand extends Subcommand {

    @ParentCommand
    ScoringCommand parent;

    @Option(names = "--config-file", paramLabel = "<file>",
            description = "Properties file of settings (keys as the flags without --, e.g. model.uri=...); flags "
                    + "and IOTSTREAM_* variables override it. Env: IOTSTREAM_CONFIG_FILE.")
    Path configFile;

    ScoringSubcommand() {
        super(ScoringCommand.ERRORS);
    }

    @Override
    protected Exception translate(Exception e) {
        // A setting the config could only check as a whole: a usage error like the others.
        return e instanceof ConfigException ? new IllegalArgumentException(e.getMessage(), e) : e;
    }

    /** The settings from flags, environment and config file. */
    ScoringConfig config() {
        PrintWriter err = spec.commandLine().getErr();
        return ScoringConfig.resolve(SettingOptions.values(spec), parent.env, configFile, warning -> {
            err.println(spec.qualifiedName() + ": warning: " + warning);
            err.flush();
        });
    }

}
