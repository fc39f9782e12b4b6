package io.iotstream.schemas.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client settings as every IoTStream command takes them, later wins:
 *
 * <ol>
 *   <li>the command's own defaults (e.g. throughput settings of a producer);
 *   <li>a client properties file, the same file {@code kafka-console-producer --producer.config} takes: security
 *       settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) belong here, not on the command line;
 *   <li>environment variables {@code IOTSTREAM_KAFKA_PROPERTY_<KEY>}, one per setting (see {@link #envName}), e.g.
 *       a password from a Kubernetes Secret: {@code IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG} is
 *       {@code sasl.jaas.config};
 *   <li>{@code key=value} overrides given on the command line.
 * </ol>
 *
 * <p>Schema registry settings ({@code schema.registry.url}, ...) may be given the same way: the serdes read them
 * from the same map and Kafka ignores keys it does not know.
 */
public final class KafkaClientProperties {

    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(password|secret|jaas|token|user\\.info|credentials|key\\.pem|keystore\\.key).*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@,]+@");

    /**
     * Environment variables of client settings start with this; the rest is the key in upper case, {@code .}
     * written {@code _} and {@code _} written {@code __}: {@code IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG} is
     * {@code sasl.jaas.config}.
     */
    public static final String ENV_PREFIX = "IOTSTREAM_KAFKA_PROPERTY_";

    private KafkaClientProperties() {
    }

    /**
     * Merges the three sources.
     *
     * @param defaults the command's defaults
     * @param file a client properties file, or null
     * @param overrides {@code key=value} strings, e.g. from repeated {@code -X} flags
     * @throws IllegalArgumentException naming the file or the override if one cannot be used
     */
    public static Map<String, Object> merge(Map<String, ?> defaults, Path file, List<String> overrides) {
        return merge(defaults, file, Map.of(), overrides);
    }

    /**
     * Merges the four sources: defaults, file, environment, overrides.
     *
     * @param defaults the command's defaults
     * @param file a client properties file, or null
     * @param env the environment ({@code System.getenv()}); only {@code IOTSTREAM_KAFKA_PROPERTY_*} is read
     * @param overrides {@code key=value} strings, e.g. from repeated {@code -X} flags
     * @throws IllegalArgumentException naming the file or the override if one cannot be used
     */
    public static Map<String, Object> merge(Map<String, ?> defaults, Path file, Map<String, String> env,
            List<String> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        if (file != null) {
            merged.putAll(load(file));
        }
        merged.putAll(fromEnvironment(env));
        for (String override : overrides) {
            Map.Entry<String, String> entry = parseOverride(override);
            merged.put(entry.getKey(), entry.getValue());
        }
        return merged;
    }

    /**
     * Reads a Java properties file of client settings.
     *
     * @throws IllegalArgumentException naming the file, if it is missing or unreadable
     */
    public static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka client properties file " + file + " does not exist: check the "
                    + "path");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties file " + file + ": " + e
                    + ": check the path, permissions and that it is a properties file (key=value lines)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            settings.put(key, properties.getProperty(key).trim());
        }
        return settings;
    }

    /**
     * The client settings given as {@code IOTSTREAM_KAFKA_PROPERTY_*} environment variables, e.g.
     * {@code IOTSTREAM_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD} → {@code ssl.truststore.password}. An empty value is
     * kept: some settings are meant to be empty ({@code ssl.endpoint.identification.algorithm=}).
     */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((variable, value) -> {
            if (variable.startsWith(ENV_PREFIX) && variable.length() > ENV_PREFIX.length() && value != null) {
                settings.put(keyOf(variable.substring(ENV_PREFIX.length())), value.trim());
            }
        });
        return settings;
    }

    /**
     * The environment variable of a client setting: {@code sasl.jaas.config} →
     * {@code IOTSTREAM_KAFKA_PROPERTY_SASL_JAAS_CONFIG}.
     */
    public static String envName(String key) {
        return ENV_PREFIX + key.replace("_", "__").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String keyOf(String suffix) {
        // "__" is a literal underscore; split on it first so that the single ones can become dots
        String[] parts = suffix.toLowerCase(Locale.ROOT).split("__", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replace('_', '.');
        }
        return String.join("_", parts);
    }

    /**
     * Splits {@code key=value} at the first {@code =}; the value may be empty and may contain {@code =}.
     *
     * @throws IllegalArgumentException if there is no {@code =} or the key is blank
     */
    public static Map.Entry<String, String> parseOverride(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0 || keyValue.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException("Kafka client setting '" + keyValue + "' is not key=value, e.g. "
                    + "linger.ms=20");
        }
        return Map.entry(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }

    /**
     * The settings as sorted {@code key=value} lines for logs and {@code --dry-run} output, with passwords, JAAS
     * configurations, tokens and user info in URLs hidden.
     */
    public static String describe(Map<String, ?> settings) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(settings).forEach((key, value) -> {
            out.append(key).append('=').append(redact(key, value)).append('\n');
        });
        return out.toString();
    }

    /** The value as it may be shown: {@code [hidden]} for secrets, URLs without their user info. */
    public static String redact(String key, Object value) {
        if (value == null) {
            return "null";
        }
        if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
            return "[hidden]";
        }
        String text = value instanceof Class<?> type ? type.getName() : String.valueOf(value);
        return URL_USER_INFO.matcher(text).replaceAll("[hidden]@");
    }
}
