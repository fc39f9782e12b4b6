package io.iotstream.cli.settings;

import java.lang.reflect.AnnotatedElement;
import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's default for an option {@code --foo-bar} not given on the command line: {@code IOTSTREAM_FOO_BAR}, else
 * {@code foo.bar} in the settings file ({@link SettingSources}); else picocli uses the option's own default. Only
 * settings take a default from here ({@link #isSetting}): not help, multi-valued ({@code -X}), required or
 * {@link PerRun} options.
 */
public final class LayeredDefaults implements IDefaultValueProvider {

    private final SettingSources sources;

    public LayeredDefaults(SettingSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !isSetting(option)) {
            return null;
        }
        return sources.lookup(SettingNames.primaryFlag(option.names())).map(SettingSources.Value::value)
                .orElse(null);
    }

    /**
     * Whether an option is a setting, which the environment and the settings file may give: a single-valued
     * {@code --long} option that is neither help, nor required, nor marked {@link PerRun}.
     */
    public static boolean isSetting(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || option.isMultiValue()
                || !option.longestName().startsWith("--")) {
            return false;
        }
        if (!(option.userObject() instanceof AnnotatedElement element)) {
            return true;
        }
        // The annotation, not option.required(): that asks this provider for a default, which would recurse.
        Option declared = element.getAnnotation(Option.class);
        return !element.isAnnotationPresent(PerRun.class) && (declared == null || !declared.required());
    }
}
