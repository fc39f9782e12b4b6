package io.iotstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.processor.Cadence;
import io.iotstream.scoring.processor.Emit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringConfigTest {

    @TempDir
    Path dir;

    private static final Map<String, String> REQUIRED = Map.of(
            ScoringConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
            ScoringConfig.MODEL_URI, "s3://models/prod/sensor-failure",
            ScoringConfig.SCHEMA_REGISTRY_URL, "http://registry:8080/apis/ccompat/v7");

    @Test
    void shouldTakeFlagsOverEnvironmentOverFileOverDefaults() throws Exception {
        Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "scoring.mode=event\nalerts.top.k=5\nnum.stream.threads=3\n");
        Map<String, String> env = Map.of("IOTSTREAM_ALERTS_TOP_K", "7", "IOTSTREAM_NUM_STREAM_THREADS", "2",
                "UNRELATED", "x");
        Map<String, String> flags = new java.util.HashMap<>(REQUIRED);
        flags.put(ScoringConfig.NUM_STREAM_THREADS, "4");
        ScoringConfig config = ScoringConfig.resolve(flags, env, file);
        assertThat(config.numStreamThreads()).isEqualTo(4);
        assertThat(config.rules().topK()).isEqualTo(7);
        assertThat(config.rules().cadence()).isEqualTo(Cadence.EVENT);
        assertThat(config.rules().emit()).isEqualTo(Emit.TRANSITIONS);
        assertThat(config.rules().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.commitIntervalMs()).isEqualTo(1_000L);
        assertThat(config.modelRef().name()).isEqualTo("sensor-failure");
        assertThat(config.inputTopic()).isEqualTo("iot.sensor-readings.v1");
        assertThat(config.framesTopic()).isEmpty();
    }

    @Test
    void shouldTakeTrustedKeysFromItsSettingAndNameItWhenAKeyCannotBeRead() throws Exception {
        String keyId = io.iotstream.model.sign.ModelSigner.writeKeyPair(
                io.iotstream.model.sign.ModelSigner.generateKeyPair(), dir.resolve("keys"), "release");
        Map<String, String> flags = new java.util.HashMap<>(REQUIRED);
        flags.put(ScoringConfig.TRUSTED_KEYS, dir.resolve("keys").toString());
        StoreOptions options = ScoringConfig.resolve(flags, Map.of(), null).storeOptions(StoreOptions.defaults());
        assertThat(options.trustedKeys()).hasValueSatisfying(k -> assertThat(k.keyIds()).containsExactly(keyId));

        ScoringConfig fromEnv = ScoringConfig.resolve(REQUIRED,
                Map.of("IOTSTREAM_TRUSTED_KEYS", dir.resolve("keys/release.pub").toString()), null);
        assertThat(fromEnv.storeOptions(StoreOptions.defaults()).trustedKeys()).isPresent();

        flags.put(ScoringConfig.TRUSTED_KEYS, dir.resolve("no-such.pub").toString());
        ScoringConfig missing = ScoringConfig.resolve(flags, Map.of(), null);
        assertThatThrownBy(() -> missing.storeOptions(StoreOptions.defaults()))
                .hasMessageContaining("trusted.keys").hasMessageContaining("no-such.pub");
        assertThat(ScoringConfig.resolve(REQUIRED, Map.of(), null).storeOptions(StoreOptions.defaults())
                .trustedKeys()).as("not required unless set").isEmpty();
    }

    @Test
    void shouldNameAMissingSettingWithItsFlagAndVariable() {
        Map<String, String> flags = new java.util.HashMap<>(REQUIRED);
        flags.remove(ScoringConfig.MODEL_URI);
        ScoringConfig config = ScoringConfig.resolve(flags, Map.of(), null);
        assertThat(config.applicationId()).as("reset and clean need no model").isEqualTo("iotstream-scorer");
        assertThatThrownBy(config::requireScoringSettings)
                .hasMessageContaining("model.uri").hasMessageContaining("--model-uri")
                .hasMessageContaining("IOTSTREAM_MODEL_URI");
        flags.remove(ScoringConfig.BOOTSTRAP_SERVERS);
        assertThatThrownBy(() -> ScoringConfig.resolve(flags, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("--bootstrap-servers")
                .hasMessageContaining("IOTSTREAM_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldNameAnInvalidSettingAndWhereItCameFrom() {
        assertThatThrownBy(() -> ScoringConfig.resolve(REQUIRED, Map.of("IOTSTREAM_SCORING_MODE", "sometimes"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scoring.mode").hasMessageContaining("IOTSTREAM_SCORING_MODE")
                .hasMessageContaining("sometimes");
        Map<String, String> flags = new java.util.HashMap<>(REQUIRED);
        flags.put(ScoringConfig.MODEL_URI, "s3://bucket");
        assertThatThrownBy(() -> ScoringConfig.resolve(flags, Map.of(), null))
                .hasMessageContaining("--model-uri").hasMessageContaining("<store>/<name>");
        flags.put(ScoringConfig.MODEL_URI, "s3://b/m");
        flags.put(ScoringConfig.ALERTS_TOPIC, "iot.sensor-readings.v1");
        assertThatThrownBy(() -> ScoringConfig.resolve(flags, Map.of(), null))
                .hasMessageContaining("alerts.topic").hasMessageContaining("one role");
    }

    @Test
    void shouldRefuseAnUnknownKeyInTheConfigFile() throws Exception {
        Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "sasl.mechanism=PLAIN\n");
        assertThatThrownBy(() -> ScoringConfig.resolve(REQUIRED, Map.of(), file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sasl.mechanism").hasMessageContaining(file.toString())
                .hasMessageContaining("kafka.config");
    }

    @Test
    void shouldPassKafkaClientSettingsThroughButKeepItsOwn() throws Exception {
        Path kafka = dir.resolve("client.properties");
        Files.writeString(kafka, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\napplication.id=ignored\n"
                + "basic.auth.credentials.source=USER_INFO\n");
        Map<String, String> flags = new java.util.HashMap<>(REQUIRED);
        flags.put(ScoringConfig.KAFKA_CONFIG, kafka.toString());
        flags.put(ScoringConfig.COMMIT_INTERVAL_MS, "250");
        ScoringConfig config = ScoringConfig.resolve(flags, Map.of(), null);
        ScoringMetrics metrics = ScoringMetrics.inMemory();
        ModelHolder models = new ModelHolder(config.modelRef(),
                ModelStores.open(dir.toString(), StoreOptions.defaults()), 0, metrics, Clock.systemUTC());
        Properties props = ScoringTopology.streamsConfig(config, models, metrics);
        assertThat(props.get(ModelHolder.CONFIG_KEY)).isSameAs(models);
        assertThat(props.get("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("iotstream-scorer");
        assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("iot.scoring.dlq.v1");
        assertThat(config.serdeConfig()).containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("schema.registry.url", "http://registry:8080/apis/ccompat/v7");

        flags.put(ScoringConfig.KAFKA_CONFIG, dir.resolve("missing.properties").toString());
        assertThatThrownBy(() -> ScoringConfig.resolve(flags, Map.of(), null))
                .hasMessageContaining("kafka.config").hasMessageContaining("missing.properties");
    }

    @Test
    void shouldDeriveFlagAndVariableNamesFromTheSettingName() {
        assertThat(ScoringConfig.flagName("model.uri")).isEqualTo("--model-uri");
        assertThat(ScoringConfig.envName("model.uri")).isEqualTo("IOTSTREAM_MODEL_URI");
        assertThat(ScoringConfig.definition().names()).contains("bootstrap.servers", "application.id", "input.topic",
                "alerts.topic", "error.topic", "model.uri", "schema.registry.url");
    }

    @Test
    void shouldReadTheOldNamesOfRenamedSettingsWithAWarning() throws Exception {
        Path kafka = dir.resolve("client.properties");
        Files.writeString(kafka, "linger.ms=7\n");
        Path file = dir.resolve("old.properties");
        Files.writeString(file, "kafka.config.file=" + kafka + "\n");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        ScoringConfig fromFile = ScoringConfig.resolve(REQUIRED, Map.of(), file, warnings::add);
        assertThat(fromFile.kafkaSettings()).containsEntry("linger.ms", "7");
        assertThat(warnings).singleElement().asString().contains("kafka.config.file", "deprecated", "kafka.config");

        warnings.clear();
        ScoringConfig fromEnv = ScoringConfig.resolve(REQUIRED, Map.of("IOTSTREAM_KAFKA_CONFIG_FILE",
                kafka.toString()), null, warnings::add);
        assertThat(fromEnv.kafkaSettings()).containsEntry("linger.ms", "7");
        assertThat(warnings).singleElement().asString().contains("IOTSTREAM_KAFKA_CONFIG_FILE is deprecated",
                "IOTSTREAM_KAFKA_CONFIG");
    }
}
