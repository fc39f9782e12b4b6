package io.iotstream.k8s;


import io.iotstream.testkit.Prerequisite;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifests under {@code k8s/}: rendered with {@code kubectl kustomize} or {@code kustomize build} (offline), or
 * read as files, as JSON trees. A machine with neither skips the rendering tests with that reason, never passes them
 * (and fails them where {@code IOTSTREAM_REQUIRE_KUSTOMIZE} is set, as in CI: {@link Prerequisite#KUSTOMIZE}).
 */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Manifests() {
    }

    /** The k8s module's folder. */
    static Path dir() {
        String dir = System.getProperty("iotstream.k8s.dir");
        return dir != null ? Path.of(dir) : Path.of("").toAbsolutePath();
    }

    /** The repository's root. */
    static Path repo() {
        return dir().resolve("..").normalize();
    }

    /** A kustomize binary to use before anything on the PATH (CI sets it when it fetched one). */
    static final String KUSTOMIZE_ENV = "IOTSTREAM_KUSTOMIZE";

    /** Set (to anything but "false") where the rendering tests must run, e.g. CI: a missing renderer then fails. */

    /** An executable of that name on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The command that renders an overlay folder given as its last argument: the kustomize named by
     * {@value #KUSTOMIZE_ENV}, else {@code kubectl kustomize} (kubectl 1.27+ embeds kustomize v5), else a standalone
     * {@code kustomize build} (v4.5+) on the PATH. kustomize 4.5.4 (what {@code .ci/run} fetches) and kubectl 1.32's
     * v5.5 render these overlays to the same objects.
     */
    static Optional<List<String>> renderer() {
        String explicit = System.getenv(KUSTOMIZE_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(List.of(explicit, "build"));
        }
        return onPath("kubectl").map(k -> List.of(k.toString(), "kustomize"))
                .or(() -> onPath("kustomize").map(k -> List.of(k.toString(), "build")));
    }

    /**
     * The renderer, or: where {@link Prerequisite#KUSTOMIZE} is required, a failure; elsewhere a skip of the
     * calling test that says why. Never a pass without rendering.
     */
    static List<String> requireRenderer() {
        Optional<List<String>> renderer = renderer();
        Prerequisite.KUSTOMIZE.check(renderer.isPresent(), "neither kubectl nor kustomize is on the PATH, so the "
                + "kustomize overlays were not rendered or validated. Install kubectl (>= 1.27) or kustomize "
                + "(>= 4.5) to run these tests.");
        return renderer.get();
    }

    /** The objects {@code kubectl kustomize k8s/overlays/<overlay>} renders (cached per run). */
    static List<JsonNode> render(String overlay) {
        List<String> renderer = requireRenderer();
        return RENDERED.computeIfAbsent(overlay, o -> {
            List<String> command = new ArrayList<>(renderer);
            command.add(dir().resolve("overlays").resolve(o).toString());
            return parseAll(run(command));
        });
    }

    static String run(List<String> command) {
        try {
            Path out = Files.createTempFile("kustomize", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the renderer did not finish in 60 s: " + command);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every document of a multi-document YAML text; empty documents dropped. */
    static List<JsonNode> parseAll(String yaml) {
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> parseFile(Path file) {
        try {
            return parseAll(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one object of a kind and name (name prefix, for generated ConfigMaps with their hash suffix). */
    static JsonNode find(List<JsonNode> objects, String kind, String namePrefix) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> o.path("metadata").path("name").asText().startsWith(namePrefix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + namePrefix + "*, found " + found.size());
        }
        return found.get(0);
    }

    /** A ConfigMap's data (rendered, by name prefix). */
    static Map<String, String> configMap(List<JsonNode> objects, String namePrefix) {
        Map<String, String> data = new LinkedHashMap<>();
        find(objects, "ConfigMap", namePrefix).path("data").fields()
                .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** A KEY=VALUE file as kustomize's configMapGenerator reads it. */
    static Map<String, String> envFile(Path file) {
        try {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pod spec of a Deployment, Job or CronJob. */
    static JsonNode podSpec(JsonNode workload) {
        JsonNode spec = workload.path("spec");
        if ("CronJob".equals(workload.path("kind").asText())) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("spec");
    }

    /** Every pod spec of the rendered objects, by "Kind/name". */
    static Map<String, JsonNode> podSpecs(List<JsonNode> objects) {
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        for (JsonNode o : objects) {
            if (List.of("Deployment", "Job", "CronJob", "StatefulSet", "DaemonSet").contains(o.path("kind").asText())) {
                specs.put(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText(), podSpec(o));
            }
        }
        return specs;
    }

    /**
     * The environment a container sees: its ConfigMap {@code envFrom}s, then its {@code env} (literal values;
     * references to ConfigMap keys resolved; Secret references as {@code <secret:name/key>}).
     */
    static Map<String, String> containerEnv(List<JsonNode> objects, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(configMap(objects, from.path("configMapRef").path("name").asText()));
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.path("value").asText());
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                env.put(name, configMap(objects, ref.path("name").asText()).get(ref.path("key").asText()));
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                env.put(name, "<secret:" + ref.path("name").asText() + "/" + ref.path("key").asText() + ">");
            }
        }
        return env;
    }

    /** Container args with Kubernetes' {@code $(VAR)} references replaced from {@code env}; unknown ones fail. */
    static String[] expand(JsonNode args, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : args) {
            Matcher m = VARIABLE.matcher(a.asText());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    throw new AssertionError("argument '" + a.asText() + "' refers to $(" + m.group(1)
                            + "), which the container's environment does not define: Kubernetes would pass it "
                            + "literally");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out.toArray(String[]::new);
    }

    static ObjectNode copy(JsonNode node) {
        return (ObjectNode) node.deepCopy();
    }
}
