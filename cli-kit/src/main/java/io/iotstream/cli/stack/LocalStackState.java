package io.iotstream.cli.stack;

import io.iotstream.cli.settings.SettingNames;
import io.iotstream.model.store.StoreSetting;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The local stack's state file, {@code <IOTSTREAM_HOME>/stack.properties}: each service's PID, start time and
 * endpoints. {@code ./iotstream stack up} writes it; every command that defaults to the local stack's Kafka,
 * registry or S3 reads it through this class, so its name, keys and format live here only.
 *
 * @param home the stack's folder
 * @param values what the file holds; empty when the stack is down
 */
public record LocalStackState(Path home, Map<String, String> values) {

    /** The environment variable naming the stack's folder. */
    public static final String HOME_ENV = "IOTSTREAM_HOME";
    public static final String FILE_NAME = "stack.properties";

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_ACCESS_KEY = "s3.access.key";
    public static final String S3_SECRET_KEY = "s3.secret.key";
    public static final String S3_REGION = "s3.region";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_VERSION = "schema.registry.version";

    public LocalStackState {
        values = Map.copyOf(values);
    }

    /** The stack folder from {@value #HOME_ENV} in {@code env}, else {@code .iotstream} in the working dir. */
    public static Path homeFrom(Map<String, String> env) {
        return homeFrom(env, Paths.get(".iotstream"));
    }

    /** The stack folder from {@value #HOME_ENV} in {@code env}, else {@code fallback} (e.g. the repository's). */
    public static Path homeFrom(Map<String, String> env, Path fallback) {
        String home = env.get(HOME_ENV);
        return (home == null || home.isBlank() ? fallback : Paths.get(home)).toAbsolutePath();
    }

    /** The state file of the stack folder {@code home}. */
    public static Path file(Path home) {
        return home.resolve(FILE_NAME);
    }

    /** The state recorded in {@code home}; empty values if the stack was never started there or is down. */
    public static LocalStackState read(Path home) {
        Path file = file(home);
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file, e);
            }
        }
        Map<String, String> values = new TreeMap<>();
        p.forEach((k, v) -> values.put((String) k, (String) v));
        return new LocalStackState(home, values);
    }

    /** The state of the stack named by the environment ({@value #HOME_ENV}). */
    public static LocalStackState fromEnvironment(Map<String, String> env) {
        return read(homeFrom(env));
    }

    /** Writes {@code values} as the state file, replaced atomically so that readers never see half of it. */
    public static void write(Path home, Map<String, String> values) {
        writeProperties(file(home), values, "IoTStream local stack: ./iotstream stack status");
    }

    /** Writes a properties file atomically (the state file, and each service's ready file). */
    public static void writeProperties(Path file, Map<String, String> values, String comment) {
        Properties p = new Properties();
        values.forEach(p::setProperty);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, comment);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** A recorded value, when present and not blank. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** The stack's Kafka, when it is up. */
    public Optional<String> bootstrapServers() {
        return get(KAFKA_BOOTSTRAP_SERVERS);
    }

    /**
     * The environment that points every command at this stack (variable → value, for {@code stack env}): the
     * settings' own variables ({@code IOTSTREAM_BOOTSTRAP_SERVERS}...) and the AWS ones for the S3 credentials, which
     * never go on a command line. Empty when the stack is down.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        bootstrapServers().ifPresent(v -> env.put(SettingNames.envName("bootstrap.servers"), v));
        registryUrl().ifPresent(v -> env.put(SettingNames.envName("schema.registry.url"), v));
        get(S3_ENDPOINT).ifPresent(v -> env.put(StoreSetting.S3_ENDPOINT.environment().get(0), v));
        get(S3_REGION).ifPresent(v -> env.put(StoreSetting.S3_REGION.environment().get(0), v));
        get(S3_ACCESS_KEY).ifPresent(v -> env.put(StoreSetting.S3_ACCESS_KEY_ID.environment().get(0), v));
        get(S3_SECRET_KEY).ifPresent(v -> env.put(StoreSetting.S3_SECRET_ACCESS_KEY.environment().get(0), v));
        return env;
    }

    /** The stack's schema registry, when it is up. */
    public Optional<String> registryUrl() {
        return get(REGISTRY_URL);
    }

    /** The values as properties, for code that still passes {@link Properties} around. */
    public Properties toProperties() {
        Properties p = new Properties();
        values.forEach(p::setProperty);
        return p;
    }
}
