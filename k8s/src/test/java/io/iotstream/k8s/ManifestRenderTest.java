package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The overlays render (kubectl kustomize or kustomize build), every object is a valid Kubernetes object, and dev and prod differ. */
class ManifestRenderTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldRenderIntoValidKubernetesObjects(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Namespace", "Deployment", "Service",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job", "CronJob", "ConfigMap", "Role");
        objects.forEach(KubernetesSchemas::validate);
        for (JsonNode o : objects) {
            String ns = "Namespace".equals(o.path("kind").asText()) ? o.path("metadata").path("name").asText()
                    : o.path("metadata").path("namespace").asText();
            assertThat(ns).as("namespace of %s", o.path("metadata").path("name")).isEqualTo("iotstream-" + overlay);
        }
    }

    @Test
    void shouldValidateEveryManifestFileEvenWithoutKubectl() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(Manifests.dir().resolve("base")),
                Files.walk(Manifests.dir().resolve("overlays")))) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList();
            assertThat(yamls).hasSizeGreaterThanOrEqualTo(9);
            for (Path f : yamls) {
                for (JsonNode o : Manifests.parseFile(f)) {
                    KubernetesSchemas.validate(o);
                }
            }
        }
    }

    @Test
    void shouldRejectUnknownFieldsAndWrongTypes() {
        JsonNode deployment = Manifests.parseFile(Manifests.dir().resolve("base/scorer-deployment.yaml")).get(0);
        assertThat(KubernetesSchemas.validate(deployment)).isInstanceOf(Deployment.class);

        ObjectNode typo = Manifests.copy(deployment);
        ((ObjectNode) typo.path("spec")).put("replica", 2);
        assertThatThrownBy(() -> KubernetesSchemas.validate(typo)).hasMessageContaining("replica");

        ObjectNode deep = Manifests.copy(deployment);
        ((ObjectNode) deep.at("/spec/template/spec/containers/0/livenessProbe/httpGet")).put("paht", "/x");
        assertThatThrownBy(() -> KubernetesSchemas.validate(deep)).hasMessageContaining("paht");

        ObjectNode wrongVersion = Manifests.copy(deployment);
        wrongVersion.put("apiVersion", "extensions/v1beta1");
        assertThatThrownBy(() -> KubernetesSchemas.validate(wrongVersion)).hasMessageContaining("not a kind");
    }

    @Test
    void shouldIsolateDevFromProd() {
        Map<String, String> dev = Manifests.configMap(Manifests.render("dev"), "scorer-config");
        Map<String, String> prod = Manifests.configMap(Manifests.render("prod"), "scorer-config");
        for (String key : List.of("IOTSTREAM_APPLICATION_ID", "IOTSTREAM_INPUT_TOPIC", "IOTSTREAM_ALERTS_TOPIC",
                "IOTSTREAM_ERROR_TOPIC", "IOTSTREAM_MODEL_EVENTS_TOPIC", "IOTSTREAM_MODEL_URI")) {
            assertThat(dev.get(key)).as(key).isNotBlank().isNotEqualTo(prod.get(key));
        }
        Set<String> devTopics = topics(dev);
        Set<String> shared = new HashSet<>(topics(prod));
        shared.retainAll(devTopics);
        assertThat(shared).as("topics dev and prod share").isEmpty();
        assertThat(dev.get("IOTSTREAM_MODEL_URI")).startsWith("s3://iotstream-models/dev/");
        assertThat(prod.get("IOTSTREAM_MODEL_URI")).startsWith("s3://iotstream-models/prod/");

        Map<String, String> devTraining = Manifests.configMap(Manifests.render("dev"), "training-config");
        Map<String, String> prodTraining = Manifests.configMap(Manifests.render("prod"), "training-config");
        assertThat(devTraining.get("IOTSTREAM_MODEL_STORE")).isNotEqualTo(prodTraining.get("IOTSTREAM_MODEL_STORE"));
        assertThat(devTraining.get("IOTSTREAM_TRAINING_DATA"))
                .isNotEqualTo(prodTraining.get("IOTSTREAM_TRAINING_DATA"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldServeWhatTheRetrainJobPublishesOnTheTopicsTheJobCreates(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        Map<String, String> scorer = Manifests.configMap(objects, "scorer-config");
        Map<String, String> training = Manifests.configMap(objects, "training-config");
        assertThat(scorer.get("IOTSTREAM_MODEL_URI"))
                .isEqualTo(training.get("IOTSTREAM_MODEL_STORE") + "/" + training.get("IOTSTREAM_MODEL_NAME"));
        // The topics Job names its topics from the scorer's own ConfigMap (TopicsJobTest has the rest).
        String scorerConfig = Manifests.find(objects, "ConfigMap", "scorer-config").at("/metadata/name").asText();
        assertThat(Manifests.find(objects, "Job", "iotstream-topics")
                .at("/spec/template/spec/containers/0/envFrom").findValuesAsText("name")).contains(scorerConfig);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldRunNoMoreScorersThanInputPartitions(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        int partitions = Integer.parseInt(Manifests.configMap(objects, "topics-config")
                .get("IOTSTREAM_INPUT_PARTITIONS"));
        JsonNode deployment = Manifests.find(objects, "Deployment", "iotstream-scorer");
        JsonNode hpa = Manifests.find(objects, "HorizontalPodAutoscaler", "iotstream-scorer");
        int threads = Integer.parseInt(Manifests.configMap(objects, "scorer-config").get("IOTSTREAM_NUM_STREAM_THREADS"));
        assertThat(deployment.at("/spec/replicas").asInt() * threads).isBetween(1, partitions);
        assertThat(hpa.at("/spec/maxReplicas").asInt() * threads).isLessThanOrEqualTo(partitions);
        assertThat(hpa.at("/spec/minReplicas").asInt()).isBetween(1, hpa.at("/spec/maxReplicas").asInt());
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("iotstream-scorer");

        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        for (JsonNode selected : List.of(Manifests.find(objects, "PodDisruptionBudget", "iotstream-scorer")
                .at("/spec/selector/matchLabels"), Manifests.find(objects, "Service", "iotstream-scorer")
                .at("/spec/selector"))) {
            selected.properties().forEach(e -> assertThat(podLabels.path(e.getKey()).asText())
                    .as("selector %s", e.getKey()).isEqualTo(e.getValue().asText()));
        }
    }

    private static Set<String> topics(Map<String, String> config) {
        Set<String> topics = new HashSet<>();
        config.forEach((k, v) -> {
            if (k.endsWith("_TOPIC")) {
                topics.add(v);
            }
        });
        topics.add(config.get("IOTSTREAM_APPLICATION_ID") + "-device-state-changelog");
        return topics;
    }
}
