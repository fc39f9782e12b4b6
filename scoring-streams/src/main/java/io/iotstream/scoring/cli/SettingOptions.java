package io.iotstream.scoring.cli;

import io.iotstream.cli.settings.SettingNames;
import io.iotstream.scoring.ScoringConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns every {@link ScoringConfig} setting into a flag ({@code model.uri} → {@code --model-uri}), with the
 * setting's doc, environment variable and default in the help, so that no setting is declared twice.
 */
final class SettingOptions {

    private SettingOptions() {
    }

    /** Adds a flag for each setting in {@code settings} (all if null) to {@code spec}. */
    static void addTo(CommandSpec spec, Set<String> settings) {
        for (ConfigDef.ConfigKey key : ScoringConfig.definition().configKeys().values()) {
            if (settings != null && !settings.contains(key.name)) {
                continue;
            }
            String defaultText = key.defaultValue == null || key.defaultValue == ConfigDef.NO_DEFAULT_VALUE
                    ? "none" : ConfigDef.convertToString(key.defaultValue, key.type);
            if (defaultText != null && defaultText.isEmpty()) {
                defaultText = "empty";
            }
            String description = key.documentation + " Env: " + ScoringConfig.envName(key.name) + ". Default: "
                    + defaultText + ".";
            String flag = ScoringConfig.flagName(key.name);
            String[] names = SettingNames.deprecatedFlagFor(flag).map(old -> new String[] {flag, old})
                    .orElse(new String[] {flag});
            spec.addOption(OptionSpec.builder(names)
                    .paramLabel("<" + key.type.name().toLowerCase(java.util.Locale.ROOT) + ">")
                    .type(String.class)
                    .arity("1")
                    .description(description.replace("%", "%%"))
                    .build());
        }
    }

    /** The settings given as flags: setting name → value. */
    static Map<String, String> values(CommandSpec spec) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigDef.ConfigKey key : ScoringConfig.definition().configKeys().values()) {
            OptionSpec option = spec.findOption(ScoringConfig.flagName(key.name));
            if (option != null && option.getValue() != null) {
                values.put(key.name, option.getValue());
            }
        }
        return values;
    }
}
