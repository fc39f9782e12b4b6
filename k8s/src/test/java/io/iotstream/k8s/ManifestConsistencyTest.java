package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.iotstream.model.store.StoreSetting;
import io.iotstream.schemas.kafka.KafkaClientProperties;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.scoring.metrics.Health;
import io.iotstream.scoring.metrics.OperatorEndpoint;
import io.iotstream.simulator.cli.SimulateCommand;
import io.iotstream.training.cli.TrainingCommand;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The manifests against the code they run: container args parse with the real CLIs, the scorer's environment is
 * exactly settings the scorer reads (and resolves into a valid config), its probes hit the scorer's real endpoints,
 * every container is non-root with a read-only root filesystem and no capabilities, and no secret is inline.
 * Any drift between the code and the manifests fails one of these.
 */
class ManifestConsistencyTest {

    @TempDir
    Path dir;

    private static JsonNode container(List<JsonNode> objects, String kind, String name) {
        return Manifests.podSpec(Manifests.find(objects, kind, name)).path("containers").get(0);
    }

    /** Environment variables the scorer reads: its settings, the model store's, Kafka overrides, the JVM's. */
    private static boolean scorerReads(String variable) {
        Set<String> known = new HashSet<>();
        ScoringConfig.definition().names().forEach(n -> known.add(ScoringConfig.envName(n)));
        for (StoreSetting s : StoreSetting.values()) {
            known.addAll(s.environment());
        }
        known.add("IOTSTREAM_CONFIG_FILE");
        known.add("JAVA_TOOL_OPTIONS");
        return known.contains(variable) || variable.startsWith(KafkaClientProperties.ENV_PREFIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldGiveTheScorerOnlySettingsItReadsAndAValidConfig(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode scorer = container(objects, "Deployment", "iotstream-scorer");
        Map<String, String> env = Manifests.containerEnv(objects, scorer);
        assertThat(env.keySet()).as("variables the scorer does not read (a typo, or a setting that was renamed)")
                .allMatch(ManifestConsistencyTest::scorerReads);

        // Paths in the config must be inside the container's volumes (the root filesystem is read-only).
        List<String> mounts = new ArrayList<>();
        scorer.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        for (String key : List.of("IOTSTREAM_STATE_DIR", "IOTSTREAM_KAFKA_CONFIG", "IOTSTREAM_TRUSTED_KEYS")) {
            assertThat(mounts).as("a volume holding %s=%s", key, env.get(key))
                    .anyMatch(m -> env.get(key).equals(m) || env.get(key).startsWith(m + "/"));
        }

        // The real config class resolves the environment; the mounted file is replaced by a local one.
        Path kafkaFile = Files.writeString(dir.resolve("client.properties"), "security.protocol=PLAINTEXT\n");
        Map<String, String> local = new HashMap<>(env);
        local.put("IOTSTREAM_KAFKA_CONFIG", kafkaFile.toString());
        ScoringConfig config = ScoringConfig.resolve(Map.of(), local, null).requireScoringSettings();
        assertThat(config.applicationId()).isEqualTo(env.get("IOTSTREAM_APPLICATION_ID"));
        assertThat(config.modelRef()).isNotNull();

        String[] args = Manifests.expand(scorer.path("args"), env);
        CommandLine.ParseResult parsed = ScoringCommand.newCommandLine(new ScoringCommand(local, Map.of()))
                .parseArgs(args);
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldProbeAndScrapeTheScorersRealEndpoints(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode deployment = Manifests.find(objects, "Deployment", "iotstream-scorer");
        JsonNode scorer = container(objects, "Deployment", "iotstream-scorer");
        Map<String, String> env = Manifests.containerEnv(objects, scorer);
        int httpPort = ScoringConfig.resolve(Map.of(), Map.of("IOTSTREAM_HTTP_PORT", env.get("IOTSTREAM_HTTP_PORT"),
                "IOTSTREAM_BOOTSTRAP_SERVERS", "x:1"), null).httpPort();
        Map<String, Integer> ports = new HashMap<>();
        scorer.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));

        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(httpPort);

        // The scorer's own endpoint, serving what it serves in production, answers every probe path.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OperatorEndpoint endpoint = OperatorEndpoint.start("127.0.0.1", 0, () -> Health.up("test"),
                () -> Health.up("test"), registry)) {
            HttpClient http = HttpClient.newHttpClient();
            List<String> paths = new ArrayList<>();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = scorer.path(probe).path("httpGet");
                assertThat(get.isMissingNode()).as("%s is an HTTP probe", probe).isFalse();
                JsonNode port = get.path("port");
                int number = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
                assertThat(number).as("%s port", probe).isEqualTo(httpPort);
                paths.add(get.path("path").asText());
            }
            paths.add(annotations.path("prometheus.io/path").asText());
            assertThat(scorer.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            for (String path : paths) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("GET %s on the scorer's endpoint", path).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldParseTheRetrainJobsArgsWithTheTrainingCli(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode retrain = container(objects, "CronJob", "iotstream-retrain");
        Map<String, String> env = Manifests.containerEnv(objects, retrain);
        Set<String> trainingReads = new HashSet<>(Set.of(TrainingCommand.MASTER_ENV, TrainingCommand.GIT_SHA_ENV,
                "IOTSTREAM_BOOTSTRAP_SERVERS", "JAVA_TOOL_OPTIONS"));
        for (StoreSetting s : StoreSetting.values()) {
            trainingReads.addAll(s.environment());
        }
        String argsText = retrain.path("args").toString();
        assertThat(env.keySet()).as("variables neither the training command nor the args use")
                .allMatch(v -> trainingReads.contains(v) || v.startsWith(KafkaClientProperties.ENV_PREFIX)
                        || argsText.contains("$(" + v + ")"));

        String[] args = Manifests.expand(retrain.path("args"), env);
        CommandLine.ParseResult parsed = trainingCommandLine(env).parseArgs(args);
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("retrain");
        assertThat(parsed.subcommand().matchedOptionValue("--gate", "")).isEqualTo("auc>=0.97");
        assertThat(parsed.subcommand().matchedOptionValue("--max-regression", 0.0)).isEqualTo(0.005);
        assertThat(parsed.subcommand().matchedOptionValue("--store", ""))
                .isEqualTo(Manifests.configMap(objects, "training-config").get("IOTSTREAM_MODEL_STORE"));
        // The signing key and the Kafka client settings are files inside mounted Secrets.
        List<String> mounts = retrain.path("volumeMounts").findValuesAsText("mountPath");
        for (String option : List.of("--sign-key", "--kafka-config")) {
            String file = parsed.subcommand().matchedOptionValue(option, (Path) null).toString();
            assertThat(mounts).as("a volume holding %s %s", option, file).anyMatch(m -> file.startsWith(m + "/"));
        }
        // Announced on the scorers' own model-events topic, through their Kafka cluster.
        Map<String, String> scorerConfig = Manifests.configMap(objects, "scorer-config");
        assertThat(parsed.subcommand().matchedOptionValue("--models-topic", ""))
                .isEqualTo(scorerConfig.get("IOTSTREAM_MODEL_EVENTS_TOPIC"));
        assertThat(parsed.subcommand().matchedOptionValue("--bootstrap-servers", ""))
                .isEqualTo(scorerConfig.get("IOTSTREAM_BOOTSTRAP_SERVERS"));
    }

    @org.junit.jupiter.api.Test
    void shouldParseTheSimulatorsArgsWithTheSimulatorCli() {
        List<JsonNode> objects = Manifests.render("dev");
        JsonNode simulator = container(objects, "Deployment", "iotstream-simulator");
        Map<String, String> env = Manifests.containerEnv(objects, simulator);
        String[] args = Manifests.expand(simulator.path("args"), env);
        SimulateCommand command = new SimulateCommand(env, new ByteArrayOutputStream(), io.iotstream.simulator.Ticker.system(),
                java.time.InstantSource.system());
        CommandLine.ParseResult parsed = SimulateCommand.newCommandLine(command).parseArgs(args);
        assertThat(String.valueOf(parsed.matchedOptionValue("--sink", (Object) null)))
                .isEqualToIgnoringCase("kafka");
        assertThat(parsed.matchedOptionValue("--topic", ""))
                .isEqualTo(Manifests.configMap(objects, "scorer-config").get("IOTSTREAM_INPUT_TOPIC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldRunEveryContainerNonRootReadOnlyWithoutCapabilitiesAndWithResources(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        Map<String, JsonNode> specs = Manifests.podSpecs(objects);
        assertThat(specs).isNotEmpty();
        specs.forEach((workload, spec) -> {
            PodSecurityContext pod = KubernetesSchemas.validate(spec.path("securityContext"), PodSecurityContext.class,
                    workload);
            assertThat(pod.getRunAsNonRoot()).as("%s runAsNonRoot", workload).isTrue();
            assertThat(pod.getRunAsUser()).as("%s runAsUser", workload).isNotNull().isPositive();
            assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (JsonNode c : spec.path("containers")) {
                Container container = KubernetesSchemas.validate(c, Container.class, workload);
                SecurityContext sc = container.getSecurityContext();
                String what = workload + " container " + container.getName();
                assertThat(sc).as(what + " securityContext").isNotNull();
                assertThat(sc.getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(what + " capabilities.drop").containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(what + " capabilities.add").isNullOrEmpty();
                assertThat(container.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(what + " limits").containsKeys("cpu", "memory");
                assertThat(container.getImage()).as(what + " image").doesNotEndWith(":latest").contains(":");
            }
            assertThat(spec.path("automountServiceAccountToken").asBoolean(true))
                    .as("%s mounts no API token", workload).isFalse();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldTakeCredentialsOnlyFromSecrets(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        assertThat(objects).as("Secrets are created out of band, never rendered from the repository")
                .noneMatch(o -> "Secret".equals(o.path("kind").asText()));
        Set<String> referenced = new HashSet<>();
        Manifests.podSpecs(objects).forEach((workload, spec) -> {
            for (JsonNode c : spec.path("containers")) {
                for (JsonNode e : c.path("env")) {
                    String name = e.path("name").asText();
                    if (SecretScan.SENSITIVE_NAME.matcher(name).find()) {
                        assertThat(e.has("value")).as("%s sets %s inline: take it from a Secret", workload, name)
                                .isFalse();
                        assertThat(e.path("valueFrom").has("secretKeyRef")).as("%s: %s from a Secret", workload, name)
                                .isTrue();
                    }
                    if (e.path("valueFrom").has("secretKeyRef")) {
                        referenced.add(e.at("/valueFrom/secretKeyRef/name").asText());
                    }
                }
            }
            for (JsonNode v : spec.path("volumes")) {
                if (v.has("secret")) {
                    referenced.add(v.at("/secret/secretName").asText());
                }
            }
        });
        assertThat(referenced).containsExactlyInAnyOrder("iotstream-s3", "iotstream-kafka", "iotstream-model-signing");
        for (Map.Entry<String, String> e : Manifests.configMap(objects, "scorer-config").entrySet()) {
            assertThat(SecretScan.SENSITIVE_NAME.matcher(e.getKey()).find()).as("ConfigMap key %s", e.getKey())
                    .isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldHoldNoPlaintextSecretInAnyFileOfTheModule() throws Exception {
        List<String> findings = SecretScan.scan(List.of(Manifests.dir().resolve("base"),
                Manifests.dir().resolve("overlays"), Manifests.dir().resolve("spark"), Manifests.dir().resolve("images"),
                Manifests.dir().resolve("ci"), Manifests.dir().resolve("README.md"),
                Manifests.repo().resolve(".github")));
        assertThat(findings).isEmpty();
        // The scanner itself finds what it is for.
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "env:\n  - name: AWS_SECRET_ACCESS_KEY\n"
                + "    value: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n");
        assertThat(SecretScan.scan(List.of(bad))).hasSize(1);
        Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMC4CAQ\n");
        assertThat(SecretScan.scan(List.of(pem))).hasSize(1);
    }

    static CommandLine trainingCommandLine(Map<String, String> env) {
        return TrainingCommand.newCommandLine(new TrainingCommand(env, Map.of("user.name", "k8s-test"),
                new NoSpark(), Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC)));
    }
}
