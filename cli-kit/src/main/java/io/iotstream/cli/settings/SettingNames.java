package io.iotstream.cli.settings;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one setting is named in each place it can be given: the flag {@code --schema-registry-url}, the environment
 * variable {@code IOTSTREAM_SCHEMA_REGISTRY_URL} and the properties-file key {@code schema.registry.url}. Every
 * command derives the three the same way, so a name learnt once works everywhere; the few names that changed are
 * kept for one release as deprecated aliases, listed here.
 */
public final class SettingNames {

    /** Environment variables of settings start with this. */
    public static final String ENV_PREFIX = "IOTSTREAM_";
    /** The environment variable naming a properties file of settings, for every command. */
    public static final String CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG_FILE";

    /** Old flag → its name now. Accepted with a warning for one release. */
    static final Map<String, String> DEPRECATED_FLAGS = Map.of(
            "--kafka-config-file", "--kafka-config",
            "--region", "--s3-region",
            "--model-trusted-keys", "--trusted-keys");

    /** Old environment variable → its name now. Read with a warning for one release. */
    static final Map<String, String> DEPRECATED_ENV = Map.of(
            ENV_PREFIX + "KAFKA_CONFIG_FILE", ENV_PREFIX + "KAFKA_CONFIG",
            ENV_PREFIX + "MODEL_TRUSTED_KEYS", ENV_PREFIX + "TRUSTED_KEYS");

    private SettingNames() {
    }

    /** {@code schema.registry.url} or {@code --schema-registry-url} → {@code IOTSTREAM_SCHEMA_REGISTRY_URL}. */
    public static String envName(String settingOrFlag) {
        return ENV_PREFIX + key(settingOrFlag).toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** {@code --schema-registry-url} → {@code schema.registry.url}; a setting name stays as it is. */
    public static String key(String settingOrFlag) {
        return settingOrFlag.startsWith("-") ? settingOrFlag.replaceFirst("^-+", "").replace('-', '.') : settingOrFlag;
    }

    /** {@code schema.registry.url} → {@code --schema-registry-url}. */
    public static String flagName(String setting) {
        return setting.startsWith("-") ? setting : "--" + setting.replace('.', '-');
    }

    /** An option's current long name: the first that is not a deprecated alias ({@code --kafka-config}). */
    public static String primaryFlag(String[] names) {
        String longest = null;
        for (String name : names) {
            if (name.startsWith("--") && !DEPRECATED_FLAGS.containsKey(name)
                    && (longest == null || name.length() > longest.length())) {
                longest = name;
            }
        }
        return longest == null ? names[names.length - 1] : longest;
    }

    /** The deprecated flag a current one replaced ({@code --kafka-config-file} for {@code --kafka-config}). */
    public static Optional<String> deprecatedFlagFor(String flag) {
        return DEPRECATED_FLAGS.entrySet().stream().filter(e -> e.getValue().equals(flag)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The flag that replaced a deprecated one. */
    public static Optional<String> replacementOfFlag(String flag) {
        return Optional.ofNullable(DEPRECATED_FLAGS.get(flag));
    }

    /** The deprecated settings-file key a current one replaced ({@code kafka.config.file} for {@code kafka.config}). */
    public static Optional<String> deprecatedKeyFor(String key) {
        return DEPRECATED_FLAGS.entrySet().stream().filter(e -> key(e.getValue()).equals(key))
                .map(e -> key(e.getKey())).findFirst();
    }

    /** The current settings-file key for a deprecated one, if it is one. */
    public static Optional<String> replacementOfKey(String key) {
        return Optional.ofNullable(DEPRECATED_FLAGS.get(flagName(key))).map(SettingNames::key);
    }

    /** The deprecated environment variable a current one replaced, if any. */
    static Optional<String> deprecatedEnvFor(String variable) {
        return DEPRECATED_ENV.entrySet().stream().filter(e -> e.getValue().equals(variable)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** A deprecated name (flag or variable) → the one to use now; for the settings reference. */
    public static Map<String, String> deprecated() {
        Map<String, String> all = new java.util.TreeMap<>(DEPRECATED_FLAGS);
        all.putAll(DEPRECATED_ENV);
        return all;
    }
}
