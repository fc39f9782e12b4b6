package io.iotstream.cli.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The layers under the command line, highest first: the environment ({@code IOTSTREAM_<NAME>}), then a properties
 * file of settings ({@code name=value}; {@value SettingNames#CONFIG_FILE_ENV}, or a command's {@code --config-file}).
 * Flags beat both, defaults come last: that is the whole precedence of every IoTStream command, and this is the one
 * place that reads the two middle layers. A deprecated variable still works, with one warning.
 */
public final class SettingSources {

    /** A setting's value and where it came from, for error messages. */
    public record Value(String value, String source) {
    }

    private final Map<String, String> env;
    private final Path file;
    private final Properties fileValues;
    private final Consumer<String> warnings;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private SettingSources(Map<String, String> env, Path file, Properties fileValues, Consumer<String> warnings) {
        this.env = Map.copyOf(env);
        this.file = file;
        this.fileValues = fileValues;
        this.warnings = warnings;
    }

    /**
     * The sources of a command run.
     *
     * @param env the environment
     * @param file a properties file of settings; null for the one {@value SettingNames#CONFIG_FILE_ENV} names, if any
     * @param warnings where deprecation warnings go (stderr)
     * @throws IllegalArgumentException naming the file if it cannot be read
     */
    public static SettingSources of(Map<String, String> env, Path file, Consumer<String> warnings) {
        Objects.requireNonNull(env, "env");
        Path chosen = file;
        if (chosen == null) {
            String named = env.get(SettingNames.CONFIG_FILE_ENV);
            chosen = named == null || named.isBlank() ? null : Path.of(named.strip());
        }
        return new SettingSources(env, chosen, chosen == null ? new Properties() : load(chosen), warnings);
    }

    /** Only the environment (no file, warnings dropped): for tests and tools without a file layer. */
    public static SettingSources environment(Map<String, String> env) {
        return new SettingSources(env, null, new Properties(), w -> { });
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("settings file " + file + " does not exist: check the path (--config-file"
                    + " or " + SettingNames.CONFIG_FILE_ENV + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read settings file " + file + ": " + e + ": check the path, "
                    + "its permissions and that it holds name=value lines");
        }
        return p;
    }

    /** The settings file read, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The keys the file sets, for checking them against a command's settings. */
    public Set<String> fileKeys() {
        return new TreeSet<>(fileValues.stringPropertyNames());
    }

    /** The value of a setting ({@code schema.registry.url} or {@code --schema-registry-url}) below the flags. */
    public Optional<Value> lookup(String settingOrFlag) {
        String variable = SettingNames.envName(settingOrFlag);
        Optional<Value> fromEnv = fromEnv(variable);
        if (fromEnv.isPresent()) {
            return fromEnv;
        }
        Optional<String> old = SettingNames.deprecatedEnvFor(variable);
        if (old.isPresent()) {
            Optional<Value> fromOld = fromEnv(old.get());
            if (fromOld.isPresent()) {
                warnOnce(old.get(), "environment variable " + old.get() + " is deprecated: use " + variable
                        + " (the old name is read until the next release)");
                return fromOld;
            }
        }
        String key = SettingNames.key(settingOrFlag);
        String inFile = fileValues.getProperty(key);
        if (inFile == null) {
            Optional<String> oldKey = SettingNames.deprecatedKeyFor(key);
            if (oldKey.isPresent() && fileValues.getProperty(oldKey.get()) != null) {
                warnOnce(oldKey.get(), file + " sets " + oldKey.get() + ", which is deprecated: use " + key
                        + " (the old name is read until the next release)");
                inFile = fileValues.getProperty(oldKey.get());
            }
        }
        return inFile == null ? Optional.empty() : Optional.of(new Value(inFile.strip(), "settings file " + file));
    }

    private Optional<Value> fromEnv(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new Value(value.strip(), variable));
    }

    void warnOnce(String name, String message) {
        if (warned.add(name)) {
            warnings.accept(message);
        }
    }

    /** The environment these sources read. */
    public Map<String, String> env() {
        return env;
    }
}
