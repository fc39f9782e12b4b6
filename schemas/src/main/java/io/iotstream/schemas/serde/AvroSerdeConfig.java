package io.iotstream.schemas.serde;

import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serdes, with the keys Confluent's serdes use, so that existing producer,
 * consumer and Kafka Streams properties work unchanged. Unknown keys (the rest of the client's
 * properties) are ignored.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a Confluent-compatible "
            + "schema registry, tried in order, e.g. http://registry:8080/apis/ccompat/v7 for Apicurio; or "
            + "mock://<scope> for an in-process registry shared by everything in this JVM that names the same scope.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String CREDENTIALS_SOURCE_URL = "URL";
    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where the HTTP basic auth credentials come "
            + "from: URL (user info in schema.registry.url, http://user:password@host; none if absent) or "
            + "USER_INFO (basic.auth.user.info).";

    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String USER_INFO_DOC = "user:password for HTTP basic auth when "
            + "basic.auth.credentials.source=USER_INFO.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers the record's schema "
            + "under the topic's subject (<topic>-value or <topic>-key). If false, the schema must already be "
            + "registered there and the serializer only looks its id up.";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    private static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "How long to wait for a connection to the schema "
            + "registry, in milliseconds.";

    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    private static final String HTTP_READ_TIMEOUT_MS_DOC = "How long to wait for the schema registry to answer "
            + "a request, in milliseconds.";

    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    private static final String SPECIFIC_AVRO_READER_DOC = "For an AvroDeserializer created by class name: "
            + "return the generated class of the writer's record (true) or a GenericRecord (false).";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_URL,
                    ConfigDef.ValidString.in(CREDENTIALS_SOURCE_URL, CREDENTIALS_SOURCE_USER_INFO), Importance.MEDIUM,
                    BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, USER_INFO_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    HTTP_CONNECT_TIMEOUT_MS_DOC)
            .define(HTTP_READ_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    HTTP_READ_TIMEOUT_MS_DOC)
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, false, Importance.LOW, SPECIFIC_AVRO_READER_DOC);

    /**
     * @throws ConfigException naming the setting when a value is invalid
     */
    public AvroSerdeConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        if (CREDENTIALS_SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            Password userInfo = getPassword(USER_INFO_CONFIG);
            if (userInfo == null || userInfo.value().indexOf(':') < 0) {
                throw new ConfigException(USER_INFO_CONFIG + " must be user:password when "
                        + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "=" + CREDENTIALS_SOURCE_USER_INFO);
            }
        }
    }

    /** The settings, with names, types, defaults and docs. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public List<String> schemaRegistryUrls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS_CONFIG));
    }

    public Duration readTimeout() {
        return Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS_CONFIG));
    }

    /** {@code user:password} for basic auth from basic.auth.user.info, or null when the source is URL. */
    public String userInfo() {
        if (!CREDENTIALS_SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            return null;
        }
        return getPassword(USER_INFO_CONFIG).value();
    }

    /**
     * A new client for the registry of {@code config} (serde settings, e.g. a command's Kafka client settings with
     * {@code schema.registry.url}) whose calls give up after {@code timeout}: a command's check before it starts.
     *
     * @throws ConfigException if schema.registry.url is missing or not a usable URL
     */
    public static SchemaRegistryClient boundedRegistryClient(Map<String, ?> config, Duration timeout) {
        Map<String, Object> bounded = new java.util.HashMap<>(config);
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        bounded.put(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000));
        bounded.put(HTTP_READ_TIMEOUT_MS_CONFIG, ms);
        return new AvroSerdeConfig(bounded).createRegistryClient();
    }

    /**
     * A new client for the configured registry.
     *
     * @throws ConfigException if schema.registry.url is missing or not a usable URL
     */
    public SchemaRegistryClient createRegistryClient() {
        List<String> urls = schemaRegistryUrls();
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG + " is required: the schema registry's base URL, "
                    + "e.g. http://registry:8080/apis/ccompat/v7, or mock://<scope> for an in-process registry");
        }
        try {
            return SchemaRegistryClient.forUrls(urls, userInfo(), connectTimeout(), readTimeout());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, urls, e.getMessage());
        }
    }
}
