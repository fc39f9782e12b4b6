package io.iotstream.cli.settings;

import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's default for an option {@code --foo-bar} not given on the command line: {@code IOTSTREAM_FOO_BAR}, else
 * {@code foo.bar} in the settings file ({@link SettingSources}); else picocli uses the option's own default. Help,
 * version and multi-valued options ({@code -X}) take no default from here.
 */
public final class LayeredDefaults implements IDefaultValueProvider {

    private final SettingSources sources;

    public LayeredDefaults(SettingSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
                || option.isMultiValue() || !option.longestName().startsWith("--")) {
            return null;
        }
        return sources.lookup(SettingNames.primaryFlag(option.names())).map(SettingSources.Value::value)
                .orElse(null);
    }
}
