package io.iotstream.scoring;

import io.iotstream.cli.settings.SettingNames;
import io.iotstream.cli.settings.SettingSources;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.schemas.kafka.KafkaClientProperties;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.Topics;
import io.iotstream.scoring.model.ModelRef;
import io.iotstream.scoring.processor.Cadence;
import io.iotstream.scoring.processor.Emit;
import io.iotstream.scoring.processor.ScoringRules;
import io.iotstream.scoring.processor.internal.DeviceStateStoreBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the scorer, each declared once (name, type, default, validator, doc) in {@link #definition()}.
 * A setting {@code model.uri} is filled, highest first, by the flag {@code --model-uri}, the environment variable
 * {@code IOTSTREAM_MODEL_URI}, a properties file ({@code --config-file}), then its default; see {@link #resolve}.
 * Kafka client settings (security, SASL, tuning) go in a separate properties file, {@code kafka.config}, and
 * {@code IOTSTREAM_KAFKA_PROPERTY_*} variables override single ones (schemas' {@link KafkaClientProperties}); they are
 * passed to Kafka Streams, its clients and the serdes as they are.
 *
 * <p>Everything is validated when the config is built, before anything connects: an invalid value throws a
 * {@link ConfigException} (or an {@link IllegalArgumentException} from {@link #resolve}) naming the setting, where
 * the value came from, and what is allowed.
 */
public final class ScoringConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String INPUT_TOPIC = TopicCatalogue.READINGS.setting();
    public static final String FRAMES_TOPIC = TopicCatalogue.FRAMES.setting();
    public static final String ALERTS_TOPIC = TopicCatalogue.ALERTS.setting();
    public static final String ERROR_TOPIC = TopicCatalogue.DEAD_LETTERS.setting();
    public static final String MODEL_URI = "model.uri";
    public static final String MODEL_EVENTS_TOPIC = TopicCatalogue.MODEL_EVENTS.setting();
    public static final String MODEL_POLL_INTERVAL_MS = "model.poll.interval.ms";
    public static final String MODEL_FEATURES = "model.features";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String SCORING_MODE = "scoring.mode";
    public static final String SCORING_INTERVAL_MS = "scoring.interval.ms";
    public static final String SCORING_INTERVAL_GRACE_MS = "scoring.interval.grace.ms";
    public static final String SCORING_IDLE_CLOSE_MS = "scoring.idle.close.ms";
    public static final String READING_VALUE_MIN = "reading.value.min";
    public static final String READING_VALUE_MAX = "reading.value.max";
    public static final String SCHEMA_REGISTRY_WAIT_MS = "schema.registry.wait.ms";
    public static final String ALERTS_EMIT = "alerts.emit";
    public static final String ALERTS_TOP_K = "alerts.top.k";
    public static final String STATE_DIR = "state.dir";
    public static final String STATE_STORE = "state.store";
    public static final String HTTP_BIND_ADDRESS = "http.bind.address";
    public static final String HTTP_PORT = "http.port";
    public static final String KAFKA_CONFIG = "kafka.config";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_PATH_STYLE = "s3.path.style";
    public static final String S3_REGION = "s3.region";
    /** The model store's setting of the same name ({@code StoreSetting.TRUSTED_KEYS}), so one name works everywhere. */
    public static final String TRUSTED_KEYS = "trusted.keys";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";

    /** Environment variables of settings start with this: {@code model.uri} is {@code IOTSTREAM_MODEL_URI}. */
    public static final String ENV_PREFIX = "IOTSTREAM_";

    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyList(), Importance.HIGH,
                    "Kafka brokers to connect to first, host:port[,host:port...].")
            .define(APPLICATION_ID, Type.STRING, "iotstream-scorer", new NonBlank(), Importance.HIGH,
                    "Kafka Streams application id: the consumer group, and the prefix of the state changelog "
                            + "topics. Instances with the same id share the work.")
            .define(INPUT_TOPIC, Type.STRING, Topics.SENSOR_READINGS, new NonBlank(), Importance.HIGH,
                    "Topic of SensorReading records, keyed by device id.")
            .define(FRAMES_TOPIC, Type.STRING, "", Importance.MEDIUM,
                    "Topic of SensorFrame records (whole vectors, optionally labelled), keyed by device id, with "
                            + "the input topic's partition count; empty for none.")
            .define(ALERTS_TOPIC, Type.STRING, Topics.ALERTS, new NonBlank(), Importance.HIGH,
                    "Topic the Alert records go to, keyed by device id.")
            .define(ERROR_TOPIC, Type.STRING, Topics.SCORING_DEAD_LETTERS, new NonBlank(), Importance.HIGH,
                    "Dead-letter topic: records that cannot be scored, as they were, with iotstream.dlq.* headers.")
            .define(MODEL_URI, Type.STRING, null, new ModelUriValidator(), Importance.HIGH,
                    "Required to score. The model to serve: <store>/<name> for its live version (swapped live when it changes), or "
                            + "<store>/<name>/versions/<version> for one version; store s3://bucket/prefix or a "
                            + "folder (file:///srv/models).")
            .define(MODEL_EVENTS_TOPIC, Type.STRING, Topics.MODEL_EVENTS, Importance.MEDIUM,
                    "Compacted topic of model events (key: model name), read by every instance to pick up a new "
                            + "live version at once; empty to rely on polling only.")
            .define(MODEL_POLL_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How often to check the store's live pointer, the fallback for model events (one conditional "
                            + "read when unchanged); 0 to never poll.")
            .define(MODEL_FEATURES, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Sensors per device every model must have; 0 to take the first model's feature count.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, null, new OptionalNonBlank(), Importance.HIGH,
                    "Required to score. Confluent-compatible schema registry, e.g. http://registry:8080/apis/ccompat/v7 (Apicurio), "
                            + "comma-separated for several; mock://<scope> for an in-process registry (tests).")
            .define(PROCESSING_GUARANTEE, Type.STRING, EXACTLY_ONCE_V2,
                    ConfigDef.ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE), Importance.MEDIUM,
                    "exactly_once_v2 (no alert lost or duplicated across crashes) or at_least_once.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, ConfigDef.Range.between(1, 64), Importance.MEDIUM,
                    "Stream threads of this instance; the work is split by input partition.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "How often to commit: input offsets, alerts (visible to read_committed consumers from then on) "
                            + "and changed device state, each changed device written once per commit. 1 s, not Kafka "
                            + "Streams' 100 ms under exactly-once: state writes grow with commits x changed devices "
                            + "x vector size, and interval mode alerts once per second anyway. Lower it for lower "
                            + "latency in event mode.")
            .define(SCORING_MODE, Type.STRING, Cadence.INTERVAL.setting(),
                    ConfigDef.ValidString.in(Cadence.INTERVAL.setting(), Cadence.EVENT.setting()), Importance.HIGH,
                    "interval: score each device once per scoring interval of event time in which it received "
                            + "events (the same alerts live or from a backlog; docs/scoring.md); event: score on "
                            + "every event.")
            .define(SCORING_INTERVAL_MS, Type.LONG, 1_000L, ConfigDef.Range.between(1, 3_600_000), Importance.HIGH,
                    "The scoring interval: in interval mode, the length of the intervals of event time whose "
                            + "readings are scored together; in both modes, the pace of the log line (wall clock).")
            .define(SCORING_INTERVAL_GRACE_MS, Type.LONG, 0L, ConfigDef.Range.between(0, 3_600_000), Importance.LOW,
                    "Interval mode: how long after an interval's end (in event time, the newest the task has seen) "
                            + "its readings are still awaited before it is scored; a reading later than that is "
                            + "scored with the next interval (iotstream_readings_late_total). Raise it for fleets "
                            + "whose readings reach Kafka out of order.")
            .define(SCORING_IDLE_CLOSE_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Interval mode: when a task's input has been silent this long (wall clock), the intervals it "
                            + "holds open are scored without waiting for later readings (a whole fleet gone quiet).")
            .define(READING_VALUE_MIN, Type.DOUBLE, null, Importance.LOW,
                    "Smallest sensor value scored; smaller ones go to the dead-letter topic (value-out-of-range). "
                            + "Empty for no limit.")
            .define(READING_VALUE_MAX, Type.DOUBLE, null, Importance.LOW,
                    "Largest sensor value scored; larger ones go to the dead-letter topic (value-out-of-range), "
                            + "e.g. a 'no data' sentinel such as 1.7976931348623157E308. Empty for no limit.")
            .define(SCHEMA_REGISTRY_WAIT_MS, Type.LONG, 5_000L, ConfigDef.Range.between(0, 60_000), Importance.LOW,
                    "How long a record waits for a schema registry that cannot answer (no connection, timeout, "
                            + "HTTP 408/429/5xx) before its stream thread gives up, restarts its tasks from their last "
                            + "commit and tries again: such records are retried, never dead-lettered, and readiness "
                            + "says what it waits for. Keep it well under the transaction timeout (Kafka Streams: "
                            + "10 s) under exactly-once.")
            .define(ALERTS_EMIT, Type.STRING, Emit.TRANSITIONS.setting(),
                    ConfigDef.ValidString.in(Emit.TRANSITIONS.setting(), Emit.ALL.setting()), Importance.MEDIUM,
                    "transitions: an alert when a device enters or leaves attention; all: also a STATUS alert for "
                            + "every other score.")
            .define(ALERTS_TOP_K, Type.INT, 3, ConfigDef.Range.between(0, 1_000), Importance.LOW,
                    "How many sensors an alert names, largest contribution (weight x value) first.")
            .define(STATE_DIR, Type.STRING, "", Importance.MEDIUM,
                    "Folder for local state (RocksDB, checkpoints); empty for Kafka Streams' default.")
            .define(STATE_STORE, Type.STRING, "rocksdb", ConfigDef.ValidString.in("rocksdb", "in_memory"),
                    Importance.LOW, "Where the device-state store keeps its data behind its changelog: rocksdb "
                            + "(local disk; fast restarts) or in_memory (restored from the changelog at each start).")
            .define(HTTP_BIND_ADDRESS, Type.STRING, "0.0.0.0", new NonBlank(), Importance.LOW,
                    "Address of the operator endpoint (/health/live, /health/ready, /metrics).")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65_535), Importance.LOW,
                    "Port of the operator endpoint; 0 for any free port.")
            .define(KAFKA_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "Properties file of Kafka client settings (security.protocol, sasl.*, ssl.*, tuning) passed "
                            + "to Kafka Streams, its clients and the serdes unchanged; IOTSTREAM_KAFKA_PROPERTY_<KEY> "
                            + "variables override single settings (sasl.jaas.config: ..._SASL_JAAS_CONFIG).")
            .define(S3_ENDPOINT, Type.STRING, "", Importance.LOW,
                    "S3-compatible endpoint of the model store, e.g. http://127.0.0.1:9000 (also "
                            + "AWS_ENDPOINT_URL_S3); empty for AWS.")
            .define(S3_PATH_STYLE, Type.STRING, "", ConfigDef.ValidString.in("", "true", "false"), Importance.LOW,
                    "Path-style S3 requests: true or false; empty for true exactly when an endpoint is set.")
            .define(S3_REGION, Type.STRING, "", Importance.LOW,
                    "AWS region of the model store (also AWS_REGION); empty for the AWS profile's, else us-east-1.")
            .define(TRUSTED_KEYS, Type.STRING, "", Importance.MEDIUM,
                    "Ed25519 public keys (PEM files, or folders of *.pub/*.pem files), comma-separated: when set, "
                            + "only models signed by one of them serve; unsigned or foreign-signed ones are refused "
                            + "and the last good model keeps serving. Overrides IOTSTREAM_TRUSTED_KEYS. Empty: "
                            + "signatures not required (unless IOTSTREAM_TRUSTED_KEYS is set).")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.between(1_000, 600_000), Importance.LOW,
                    "How long score run waits at start for Kafka, the schema registry and the model store to "
                            + "answer; then it exits 5 naming what did not answer and where its setting came from (Kubernetes restarts it "
                            + "with back-off). Missing topics exit 4 at once, with the command that creates them.")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How long a graceful shutdown (SIGTERM) may take to commit and close.");

    private final ModelRef modelRef;
    private final Map<String, String> kafkaSettings;
    /** Setting → where its value came from ({@code --bootstrap-servers}, {@code IOTSTREAM_...}); for messages. */
    private Map<String, String> origins = Map.of();

    /**
     * A config from setting values (strings or typed values), e.g. {@code Map.of("model.uri", "...")}.
     *
     * @throws ConfigException naming the setting, if a value is missing or invalid, or the Kafka config file
     *     cannot be read
     */
    public ScoringConfig(Map<String, ?> settings) {
        this(settings, Map.of());
    }

    /**
     * A config from setting values, with Kafka client settings from {@code env} ({@code IOTSTREAM_KAFKA_PROPERTY_*})
     * over those of {@code kafka.config}.
     *
     * @throws ConfigException naming the setting, if a value is missing or invalid, or the Kafka config file
     *     cannot be read
     */
    public ScoringConfig(Map<String, ?> settings, Map<String, String> env) {
        super(DEFINITION, settings, false);
        String uri = getString(MODEL_URI);
        this.modelRef = uri == null ? null : ModelRef.parse(uri);
        this.kafkaSettings = readKafkaSettings(getString(KAFKA_CONFIG), env);
        Set<String> topics = new TreeSet<>();
        for (String key : List.of(INPUT_TOPIC, FRAMES_TOPIC, ALERTS_TOPIC, ERROR_TOPIC, MODEL_EVENTS_TOPIC)) {
            String topic = getString(key);
            if (!topic.isEmpty() && !topics.add(topic)) {
                throw new ConfigException(key, topic, "the topic is already used by another *.topic setting: each "
                        + "topic has one role");
            }
        }
        Double min = getDouble(READING_VALUE_MIN);
        Double max = getDouble(READING_VALUE_MAX);
        for (String key : List.of(READING_VALUE_MIN, READING_VALUE_MAX)) {
            Double v = getDouble(key);
            if (v != null && v.isNaN()) {
                throw new ConfigException(key, v, "use a number, or leave it empty for no limit");
            }
        }
        if (min != null && max != null && min > max) {
            throw new ConfigException(READING_VALUE_MIN, min, "it is above " + READING_VALUE_MAX + " (" + max
                    + "): no value could be scored");
        }
    }

    /**
     * Checks that the settings only scoring needs are there ({@code reset} and {@code clean} do without them).
     *
     * @throws ConfigException naming the missing setting, its flag and its environment variable
     */
    public ScoringConfig requireScoringSettings() {
        for (String key : List.of(MODEL_URI, SCHEMA_REGISTRY_URL)) {
            if (getString(key) == null) {
                throw new ConfigException("setting " + key + " is required to score: set " + flagName(key) + " or "
                        + envName(key));
            }
        }
        return this;
    }

    /** The settings with names, types, defaults, validators and docs. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** The environment variable of a setting: {@code model.uri} → {@code IOTSTREAM_MODEL_URI}. */
    public static String envName(String setting) {
        return SettingNames.envName(setting);
    }

    /** The command-line flag of a setting: {@code model.uri} → {@code --model-uri}. */
    public static String flagName(String setting) {
        return SettingNames.flagName(setting);
    }

    /**
     * Builds the config from its sources, highest first: flags, environment, properties file, defaults.
     *
     * @param flags setting name → value given on the command line
     * @param env the environment ({@code System.getenv()}; only {@code IOTSTREAM_*} variables of settings are read)
     * @param configFile a properties file of settings, or null
     * @throws IllegalArgumentException naming the setting and where its value came from, for any invalid or
     *     missing value, an unknown key in the file, or an unreadable file
     */
    public static ScoringConfig resolve(Map<String, String> flags, Map<String, String> env, Path configFile) {
        return resolve(flags, env, configFile, warning -> { });
    }

    /**
     * As {@link #resolve(Map, Map, Path)}, with deprecated names (cli-kit's {@link SettingNames}) accepted and
     * reported to {@code warnings}. The environment and file layers are cli-kit's {@link SettingSources}, the same
     * as every other command's: {@code configFile}, else the file {@code IOTSTREAM_CONFIG_FILE} names.
     */
    public static ScoringConfig resolve(Map<String, String> flags, Map<String, String> env, Path configFile,
            Consumer<String> warnings) {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(env, "env");
        SettingSources sources;
        try {
            sources = SettingSources.of(env, configFile, warnings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (--config-file)", e);
        }
        for (String key : sources.fileKeys()) {
            String current = SettingNames.replacementOfKey(key).orElse(key);
            if (!DEFINITION.names().contains(current)) {
                throw new IllegalArgumentException("config file " + sources.file().orElseThrow() + " sets '" + key
                        + "', which is not a scorer setting (see score run --help); Kafka client settings go in the "
                        + "file named by " + KAFKA_CONFIG);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sourcesByKey = new HashMap<>();
        for (String key : DEFINITION.names()) {
            sources.lookup(key).ifPresent(v -> {
                values.put(key, v.value());
                sourcesByKey.put(key, v.source());
            });
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (!DEFINITION.names().contains(flag.getKey())) {
                throw new IllegalArgumentException("unknown setting '" + flag.getKey() + "'");
            }
            values.put(flag.getKey(), flag.getValue());
            sourcesByKey.put(flag.getKey(), flagName(flag.getKey()));
        }
        // Validate every setting first so the message names the first bad one and where it came from.
        for (ConfigValue checked : DEFINITION.validate(values)) {
            if (!checked.errorMessages().isEmpty()) {
                throw new IllegalArgumentException(describe(checked.name(), sourcesByKey) + ": "
                        + String.join("; ", checked.errorMessages()));
            }
        }
        try {
            ScoringConfig config = new ScoringConfig(values, env);
            config.origins = Map.copyOf(sourcesByKey);
            return config;
        } catch (ConfigException e) {
            String name = DEFINITION.names().stream().filter(n -> e.getMessage().contains(n)).findFirst().orElse(null);
            throw new IllegalArgumentException((name == null ? "" : describe(name, sourcesByKey) + ": ")
                    + e.getMessage());
        }
    }

    private static String describe(String name, Map<String, String> sources) {
        String source = sources.get(name);
        return "setting " + name + (source == null
                ? " (set " + flagName(name) + " or " + envName(name) + ")"
                : " (from " + source + ")");
    }

    /** The Kafka client settings with the brokers: what an {@code Admin} client of this application is given. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> admin = new HashMap<>(kafkaSettings());
        admin.put("bootstrap.servers", String.join(",", bootstrapServers()));
        return admin;
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String inputTopic() {
        return getString(INPUT_TOPIC);
    }

    public Optional<String> framesTopic() {
        return optional(FRAMES_TOPIC);
    }

    public String alertsTopic() {
        return getString(ALERTS_TOPIC);
    }

    public String errorTopic() {
        return getString(ERROR_TOPIC);
    }

    /**
     * @throws ConfigException if {@code model.uri} is not set
     */
    public ModelRef modelRef() {
        requireScoringSettings();
        return modelRef;
    }

    public Optional<String> modelEventsTopic() {
        return optional(MODEL_EVENTS_TOPIC);
    }

    /** Empty when polling is off. */
    public Optional<Duration> modelPollInterval() {
        long ms = getLong(MODEL_POLL_INTERVAL_MS);
        return ms == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    public int modelFeatures() {
        return getInt(MODEL_FEATURES);
    }

    /**
     * @throws ConfigException if {@code schema.registry.url} is not set
     */
    public String schemaRegistryUrl() {
        requireScoringSettings();
        return getString(SCHEMA_REGISTRY_URL);
    }

    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    public int numStreamThreads() {
        return getInt(NUM_STREAM_THREADS);
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    public Optional<String> stateDir() {
        return optional(STATE_DIR);
    }

    public DeviceStateStoreBuilder.Backing stateStore() {
        return "in_memory".equals(getString(STATE_STORE))
                ? DeviceStateStoreBuilder.Backing.IN_MEMORY : DeviceStateStoreBuilder.Backing.ROCKSDB;
    }

    /** The processor's rules: cadence, interval, emit policy, top-k. */
    public ScoringRules rules() {
        Double min = getDouble(READING_VALUE_MIN);
        Double max = getDouble(READING_VALUE_MAX);
        return new ScoringRules(Cadence.fromSetting(getString(SCORING_MODE)),
                Duration.ofMillis(getLong(SCORING_INTERVAL_MS)), Duration.ofMillis(getLong(SCORING_INTERVAL_GRACE_MS)),
                Duration.ofMillis(getLong(SCORING_IDLE_CLOSE_MS)), Emit.fromSetting(getString(ALERTS_EMIT)),
                getInt(ALERTS_TOP_K), io.iotstream.model.score.RunningMargin.DEFAULT_RECOMPUTE_EVERY,
                min == null ? Double.NEGATIVE_INFINITY : min, max == null ? Double.POSITIVE_INFINITY : max,
                Duration.ofMillis(getLong(SCHEMA_REGISTRY_WAIT_MS)));
    }

    public String httpBindAddress() {
        return getString(HTTP_BIND_ADDRESS);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public Optional<String> s3Endpoint() {
        return optional(S3_ENDPOINT);
    }

    public Optional<Boolean> s3PathStyle() {
        return optional(S3_PATH_STYLE).map(Boolean::parseBoolean);
    }

    public Optional<String> s3Region() {
        return optional(S3_REGION);
    }

    /**
     * The model store options: {@code base} (from the environment, {@code StoreOptions.fromEnvironment}) with the
     * {@code s3.*} settings and {@code trusted.keys} on top.
     *
     * @throws ConfigException naming the setting, if a value is invalid
     */
    public StoreOptions storeOptions(StoreOptions base) {
        StoreOptions options = base;
        try {
            if (s3Endpoint().isPresent()) {
                options = options.withS3Endpoint(StoreOptions.parseEndpoint(s3Endpoint().get(), S3_ENDPOINT));
            }
            if (s3PathStyle().isPresent()) {
                options = options.withS3PathStyle(s3PathStyle().get());
            }
            if (s3Region().isPresent()) {
                options = options.withRegion(s3Region().get());
            }
            Optional<String> trusted = optional(TRUSTED_KEYS);
            if (trusted.isPresent()) {
                options = options.withTrustedKeys(trusted.get(), TRUSTED_KEYS);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return options;
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
    }

    public Duration startupTimeout() {
        return Duration.ofMillis(getLong(STARTUP_TIMEOUT_MS));
    }

    /**
     * Where a setting's value came from, for messages that send a user to fix it: {@code --bootstrap-servers},
     * {@code IOTSTREAM_BOOTSTRAP_SERVERS}, the settings file, or {@code the default}.
     */
    public String origin(String setting) {
        return origins.getOrDefault(setting, "the default");
    }

    /** The Kafka client settings of {@code kafka.config} and the environment, unchanged; may be empty. */
    public Map<String, String> kafkaSettings() {
        return kafkaSettings;
    }

    /** Configuration of the Avro serdes: the Kafka client settings (registry auth may be there) plus the URL. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>(kafkaSettings);
        config.put("schema.registry.url", schemaRegistryUrl());
        return config;
    }

    private Optional<String> optional(String key) {
        String value = getString(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Map<String, String> readKafkaSettings(String file, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        if (file != null && !file.isBlank()) {
            try {
                // The file format every IoTStream command shares (schemas' KafkaClientProperties).
                settings.putAll(KafkaClientProperties.load(Path.of(file)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(KAFKA_CONFIG, file, e.getMessage());
            }
        }
        settings.putAll(KafkaClientProperties.fromEnvironment(env));
        return Map.copyOf(settings);
    }

    private static final class NonBlank implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        }

        @Override
        public String toString() {
            return "non-empty string";
        }
    }

    private static final class OptionalNonBlank implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && value.toString().isBlank()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        }

        @Override
        public String toString() {
            return "non-empty string";
        }
    }

    private static final class NonEmptyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(
                    v -> v == null || v.toString().isBlank())) {
                throw new ConfigException(name, value, "give at least one host:port");
            }
        }

        @Override
        public String toString() {
            return "host:port[,host:port...]";
        }
    }

    private static final class ModelUriValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                ModelRef.parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "<store>/<name> or <store>/<name>/versions/<version>";
        }
    }
}
