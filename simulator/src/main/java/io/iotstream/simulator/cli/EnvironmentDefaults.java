package io.iotstream.simulator.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every single-valued option {@code --foo-bar} can also be set by the environment variable
 * {@code IOTSTREAM_FOO_BAR}; the flag beats the variable, the variable beats the built-in default. The environment
 * is passed in, so tests need not touch the process's.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** {@code --fault-after} → {@code IOTSTREAM_FAULT_AFTER}. */
    static String variableFor(String longOption) {
        return "IOTSTREAM_" + longOption.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
                || option.isMultiValue() || !option.longestName().startsWith("--")) {
            return null;
        }
        String value = env.get(variableFor(option.longestName()));
        return value == null || value.isBlank() ? null : value.trim();
    }
}
