package io.iotstream.simulator;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.schemas.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code simulate} needs, validated when built: errors name the flag and the fix. Immutable; the
 * command fills a {@link Builder} from its flags (and their {@code IOTSTREAM_*} environment variables).
 */
public final class SimulateConfig {

    /** Topic for {@code SensorReading}s unless {@code --topic} says otherwise. */
    public static final String DEFAULT_READINGS_TOPIC = Topics.SENSOR_READINGS;
    /** Topic for {@code SensorFrame}s unless {@code --topic} says otherwise. */
    public static final String DEFAULT_FRAMES_TOPIC = Topics.SENSOR_FRAMES;
    /** {@code --rate max}: no pacing at all. */
    public static final double MAX_RATE = Double.POSITIVE_INFINITY;

    private final int sensors;
    private final double rate;
    private final Long events;
    private final Duration duration;
    private final int devices;
    private final String devicePrefix;
    private final long seed;
    private final SinkKind sink;
    private final String topic;
    private final Map<String, Object> kafka;
    private final String bindAddress;
    private final int port;
    private final boolean endMarker;
    private final boolean frames;
    private final boolean labels;
    private final FailureRule rule;
    private final Integer faultyDevices;
    private final Duration faultAfter;
    private final Long faultAfterEvents;
    private final Duration faultDrift;
    private final Path groundTruth;
    private final Duration progressInterval;

    private SimulateConfig(Builder b) {
        this.sensors = b.sensors;
        this.rate = b.rate;
        this.events = b.events;
        this.duration = b.duration;
        this.devices = b.devices;
        this.devicePrefix = b.devicePrefix;
        this.seed = b.seed;
        this.sink = b.sink;
        this.frames = b.frames;
        this.topic = b.topic != null ? b.topic : b.frames ? DEFAULT_FRAMES_TOPIC : DEFAULT_READINGS_TOPIC;
        this.kafka = Map.copyOf(b.kafka);
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.endMarker = b.endMarker;
        this.labels = b.labels;
        this.rule = b.rule != null ? b.rule : FailureRule.standard(b.sensors);
        this.faultyDevices = b.faultyDevices;
        this.faultAfter = b.faultAfter;
        this.faultAfterEvents = b.faultAfterEvents;
        this.faultDrift = b.faultDrift;
        this.groundTruth = b.groundTruth;
        this.progressInterval = b.progressInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sensors per device, 1..n. */
    public int sensors() {
        return sensors;
    }

    /** Events per second over all devices, or {@link #MAX_RATE}. */
    public double rate() {
        return rate;
    }

    public boolean maxRate() {
        return rate == MAX_RATE;
    }

    /** How many events to send (not counting end markers), or null for no limit. */
    public Long events() {
        return events;
    }

    /** How long to send, or null for no limit. */
    public Duration duration() {
        return duration;
    }

    public int devices() {
        return devices;
    }

    public String devicePrefix() {
        return devicePrefix;
    }

    public long seed() {
        return seed;
    }

    public SinkKind sink() {
        return sink;
    }

    /** The Kafka topic. */
    public String topic() {
        return topic;
    }

    /** Producer settings (the command's defaults, the client properties file, -X overrides), for the Kafka sink. */
    public Map<String, Object> kafka() {
        return kafka;
    }

    public String bindAddress() {
        return bindAddress;
    }

    /** The TCP sink's port; 0 for any free port. */
    public int port() {
        return port;
    }

    public boolean endMarker() {
        return endMarker;
    }

    /** Whole vectors ({@code SensorFrame}) instead of single readings. */
    public boolean frames() {
        return frames;
    }

    /** Frames carry the rule's label. */
    public boolean labels() {
        return labels;
    }

    /** The rule for labels and for the fault plan's value ranges. */
    public FailureRule rule() {
        return rule;
    }

    /** Whether a fault plan (known answers) is requested. */
    public boolean knownAnswers() {
        return faultyDevices != null;
    }

    public Integer faultyDevices() {
        return faultyDevices;
    }

    public Duration faultAfter() {
        return faultAfter;
    }

    public Long faultAfterEvents() {
        return faultAfterEvents;
    }

    public Duration faultDrift() {
        return faultDrift;
    }

    public Path groundTruth() {
        return groundTruth;
    }

    /** How often progress is reported; {@link Duration#ZERO} for never. */
    public Duration progressInterval() {
        return progressInterval;
    }

    /** A builder with the defaults of the {@code simulate} command. */
    public static final class Builder {
        private int sensors = 100;
        private double rate = 1000;
        private Long events;
        private Duration duration;
        private int devices = 1;
        private String devicePrefix = "device-";
        private long seed = 1;
        private SinkKind sink = SinkKind.STDOUT;
        private String topic;
        private Map<String, Object> kafka = Map.of();
        private String bindAddress = "0.0.0.0";
        private int port = 20000;
        private boolean endMarker;
        private boolean frames;
        private boolean labels;
        private FailureRule rule;
        private Integer faultyDevices;
        private Duration faultAfter;
        private Long faultAfterEvents;
        private Duration faultDrift = Duration.ZERO;
        private Path groundTruth;
        private Duration progressInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder sensors(int sensors) {
            this.sensors = sensors;
            return this;
        }

        /** Events per second, or {@link #MAX_RATE}. */
        public Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        public Builder events(Long events) {
            this.events = events;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder devices(int devices) {
            this.devices = devices;
            return this;
        }

        public Builder devicePrefix(String devicePrefix) {
            this.devicePrefix = devicePrefix;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder sink(SinkKind sink) {
            this.sink = sink;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder kafka(Map<String, Object> kafka) {
            this.kafka = Objects.requireNonNull(kafka, "kafka");
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder endMarker(boolean endMarker) {
            this.endMarker = endMarker;
            return this;
        }

        public Builder frames(boolean frames) {
            this.frames = frames;
            return this;
        }

        public Builder labels(boolean labels) {
            this.labels = labels;
            return this;
        }

        /** The failure rule; default {@link FailureRule#standard} for the number of sensors. */
        public Builder rule(FailureRule rule) {
            this.rule = rule;
            return this;
        }

        public Builder faultyDevices(Integer faultyDevices) {
            this.faultyDevices = faultyDevices;
            return this;
        }

        public Builder faultAfter(Duration faultAfter) {
            this.faultAfter = faultAfter;
            return this;
        }

        public Builder faultAfterEvents(Long faultAfterEvents) {
            this.faultAfterEvents = faultAfterEvents;
            return this;
        }

        public Builder faultDrift(Duration faultDrift) {
            this.faultDrift = Objects.requireNonNull(faultDrift, "faultDrift");
            return this;
        }

        public Builder groundTruth(Path groundTruth) {
            this.groundTruth = groundTruth;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = Objects.requireNonNull(progressInterval, "progressInterval");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the flag, if a setting or a combination cannot work
         */
        public SimulateConfig build() {
            require(sensors >= 1, "--sensors is " + sensors + ": use at least 1");
            require(rate == MAX_RATE || (rate > 0 && Double.isFinite(rate)),
                    "--rate is " + rate + ": use a positive number of events per second, or max");
            require(events == null || events >= 0, "--events is " + events + ": use 0 or more");
            require(duration == null || (!duration.isNegative() && !duration.isZero()),
                    "--duration is " + duration + ": use a positive duration such as 30s");
            require(devices >= 1, "--devices is " + devices + ": use at least 1");
            require(devicePrefix != null, "--device-prefix is missing");
            require(sink != null, "--sink is missing: use kafka, tcp or stdout");
            require(port >= 0 && port <= 65535, "--port is " + port + ": use 0..65535 (0: any free port)");
            require(!progressInterval.isNegative(), "--progress-interval is negative");
            require(!labels || frames, "--labels needs --frames: labels belong to whole vectors (SensorFrame)");
            require(rule == null || rule.sensors() == sensors, "the failure rule is for " + (rule == null ? 0
                    : rule.sensors()) + " sensors, --sensors is " + sensors);
            if (sink != SinkKind.KAFKA) {
                String name = sink.name().toLowerCase(java.util.Locale.ROOT);
                require(devices == 1, "--devices is " + devices + " but --sink " + name + " writes the original's "
                        + "event lines, which have no device id: use --devices 1, or --sink kafka");
                require(!frames, "--frames writes SensorFrame records: use --sink kafka");
            } else {
                require(topic == null || !topic.isBlank(), "--topic is blank: name a Kafka topic");
                Object servers = kafka.get("bootstrap.servers");
                require(servers != null && !servers.toString().isBlank(), "--bootstrap-servers is missing: give the "
                        + "Kafka brokers, e.g. --bootstrap-servers 127.0.0.1:9092 (or IOTSTREAM_BOOTSTRAP_SERVERS)");
                Object registry = kafka.get("schema.registry.url");
                require(registry != null && !registry.toString().isBlank(), "--schema-registry-url is missing: "
                        + "give the Confluent-compatible registry, e.g. http://127.0.0.1:8080/apis/ccompat/v7 (or "
                        + "IOTSTREAM_SCHEMA_REGISTRY_URL)");
            }
            boolean faultOptions = faultAfter != null || faultAfterEvents != null || groundTruth != null
                    || !faultDrift.isZero();
            if (faultyDevices == null) {
                require(!faultOptions, "--fault-after, --fault-after-events, --fault-drift and --ground-truth "
                        + "need --faulty-devices");
            } else {
                require(faultyDevices >= 0 && faultyDevices <= devices, "--faulty-devices is " + faultyDevices
                        + ": use 0.." + devices + " (the number of --devices)");
                require(groundTruth != null, "--faulty-devices needs --ground-truth <file>: the known answers "
                        + "(which devices fail, and when) are written there");
                require(faultAfter == null || faultAfterEvents == null,
                        "give --fault-after or --fault-after-events, not both");
                require(faultyDevices == 0 || faultAfter != null || faultAfterEvents != null,
                        "--faulty-devices " + faultyDevices + " needs --fault-after <duration> or "
                                + "--fault-after-events <n>: when the devices start to fail");
                require(faultAfter == null || !faultAfter.isNegative(), "--fault-after is negative");
                require(faultAfterEvents == null || faultAfterEvents >= 0, "--fault-after-events is negative");
                require(!faultDrift.isNegative(), "--fault-drift is negative: use 0s (a step) or more");
            }
            SimulateConfig config = new SimulateConfig(this);
            if (config.knownAnswers()) {
                // the value ranges must fit the rule's cutoff: checked here, so the error comes before any work
                FaultPlan.create(config.rule, devices, faultyDevices, seed, faultDrift.toNanos());
            }
            return config;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
