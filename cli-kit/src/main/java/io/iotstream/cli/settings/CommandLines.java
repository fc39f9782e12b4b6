package io.iotstream.cli.settings;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What makes every IoTStream command resolve its settings the same way: flag, then {@code IOTSTREAM_<NAME>}, then
 * the settings file, then the default ({@link LayeredDefaults}); no secrets on the command line
 * ({@link ArgvSecrets}: a usage error, exit 2, before anything connects); deprecated flag names accepted with a
 * warning. Commands call {@link #configure} where they build their {@code CommandLine}, so tests that run the command
 * in-process get exactly what {@code main} does.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Installs the layered defaults and the checks on {@code line} (and its subcommands).
     *
     * @param env the environment the command reads its settings from
     * @return {@code line}; if the settings file the environment names cannot be read, running it is a usage
     *     error (exit 2) naming the file
     */
    public static CommandLine configure(CommandLine line, Map<String, String> env) {
        SettingSources sources;
        String unreadable = null;
        try {
            sources = SettingSources.of(env, null, message -> warn(line, message));
        } catch (IllegalArgumentException e) {
            sources = SettingSources.environment(env);
            unreadable = e.getMessage();
        }
        line.setDefaultValueProvider(new LayeredDefaults(sources));
        configureChecks(line);
        if (unreadable != null) {
            String problem = unreadable;
            IExecutionStrategy next = line.getExecutionStrategy();
            line.setExecutionStrategy(parseResult -> {
                // Help and version still work, so a user can find out how to fix it.
                if (parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested()) {
                    return next.execute(parseResult);
                }
                throw new ParameterException(deepest(parseResult).commandSpec().commandLine(), problem);
            });
        }
        return line;
    }

    /**
     * Only the checks (secrets on argv, deprecated flags), for a command that resolves its layers itself from
     * {@link SettingSources} (the scorer, whose settings are a Kafka {@code ConfigDef}).
     */
    public static CommandLine configureChecks(CommandLine line) {
        IExecutionStrategy next = line.getExecutionStrategy();
        line.setExecutionStrategy(parseResult -> {
            check(parseResult, line);
            return next.execute(parseResult);
        });
        return line;
    }

    private static void check(ParseResult parseResult, CommandLine line) {
        List<String> args = parseResult.originalArgs();
        Optional<String> secret = ArgvSecrets.problem(args);
        if (secret.isPresent()) {
            CommandLine failing = deepest(parseResult).commandSpec().commandLine();
            throw new ParameterException(failing, secret.get());
        }
        for (String arg : args) {
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            SettingNames.replacementOfFlag(flag).ifPresent(now -> warn(line, flag + " is deprecated: use " + now
                    + " (the old name is accepted until the next release)"));
        }
    }

    private static ParseResult deepest(ParseResult result) {
        ParseResult current = result;
        while (current.hasSubcommand()) {
            current = current.subcommand();
        }
        return current;
    }

    private static void warn(CommandLine line, String message) {
        PrintWriter err = line.getErr();
        err.println(line.getCommandName() + ": warning: " + message);
        err.flush();
    }
}
