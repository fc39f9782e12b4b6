package io.iotstream.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;

/**
 * Validates objects against the Kubernetes object schemas of fabric8's model classes (the API's Go types, generated
 * into Java). Unknown fields are errors: fabric8 classes would keep them in {@code additionalProperties}, so the
 * mapper drops that catch-all and fails instead, as {@code kubectl apply --validate=strict} would on a cluster.
 */
final class KubernetesSchemas {

    /** apiVersion/kind → model class: every kind the manifests may use, at the API version they must use. */
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class));

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .registerModule(new SimpleModule("no-additional-properties").setDeserializerModifier(
                    new BeanDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
                                BeanDescription description, BeanDeserializerBuilder builder) {
                            builder.setAnySetter(null);
                            return builder;
                        }
                    }));

    private KubernetesSchemas() {
    }

    /**
     * Reads {@code object} as its Kubernetes type.
     *
     * @throws AssertionError naming the object and the field, if it is not a valid object of a known kind
     */
    static Object validate(JsonNode object) {
        String kind = object.path("kind").asText();
        String apiVersion = object.path("apiVersion").asText();
        String what = apiVersion + "/" + kind + " " + object.path("metadata").path("name").asText();
        Class<?> type = TYPES.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new AssertionError(what + ": not a kind (at that API version) these manifests may use: "
                    + TYPES.keySet());
        }
        try {
            return STRICT.treeToValue(object, type);
        } catch (Exception e) {
            throw new AssertionError(what + " does not match the Kubernetes schema: " + e.getMessage(), e);
        }
    }

    /** Reads a fragment (e.g. a pod spec inside a custom resource) as a model type. */
    static <T> T validate(JsonNode fragment, Class<T> type, String what) {
        try {
            return STRICT.treeToValue(fragment, type);
        } catch (Exception e) {
            throw new AssertionError(what + " does not match the Kubernetes schema: " + e.getMessage(), e);
        }
    }
}
