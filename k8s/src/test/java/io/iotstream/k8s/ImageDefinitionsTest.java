package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.iotstream.scoring.cli.ScoringCommand;
import io.iotstream.simulator.cli.SimulateCommand;
import io.iotstream.training.cli.TrainingCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * What can be checked of the images without a container engine (none runs here): the Dockerfiles run non-root
 * on pinned bases, start the real main classes, copy what build.sh stages, and the training image's paths are the
 * ones the manifests and Spark applications use. The scripts are at least valid shell.
 */
class ImageDefinitionsTest {

    private static final Path IMAGES = Manifests.dir().resolve("images");

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<String> instructions(Path dockerfile, String instruction) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : read(dockerfile).replace("\\\n", " ").split("\n")) {
            if (line.startsWith(instruction + " ")) {
                out.add(line.substring(instruction.length() + 1).strip());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scorer", "simulator", "training"})
    void shouldRunAsANonRootUserOnAPinnedBase(String image) throws IOException {
        Path dockerfile = IMAGES.resolve(image).resolve("Dockerfile");
        List<String> from = instructions(dockerfile, "FROM");
        assertThat(from).hasSize(1);
        assertThat(from.get(0)).contains(":").doesNotEndWith(":latest");
        List<String> users = instructions(dockerfile, "USER");
        assertThat(users).as("USER instructions").isNotEmpty();
        String last = users.get(users.size() - 1).split(":")[0];
        assertThat(last).as("the image's final user").isNotIn("root", "0").matches("[0-9]+");
        // Every COPY source is either in the repository or staged by build.sh.
        String build = read(IMAGES.resolve("build.sh"));
        for (String copy : instructions(dockerfile, "COPY")) {
            String source = copy.replaceAll("--\\S+\\s+", "").split("\\s+")[0];
            if (source.contains("/target/")) {
                String stagedDir = source.substring(0, source.indexOf("/target/") + "/target/image-lib".length());
                assertThat(build).as("build.sh stages %s", source)
                        .containsAnyOf(stagedDir, "$module/target/image-lib", "training-spark/target/image-lib");
            } else {
                assertThat(Manifests.repo().resolve(source)).as("COPY source %s", source).exists();
            }
        }
    }

    @Test
    void shouldStartTheRealMainClasses() throws IOException {
        assertThat(instructions(IMAGES.resolve("scorer/Dockerfile"), "ENTRYPOINT").get(0))
                .contains("\"" + ScoringCommand.class.getName() + "\"");
        assertThat(instructions(IMAGES.resolve("simulator/Dockerfile"), "ENTRYPOINT").get(0))
                .contains("\"" + SimulateCommand.class.getName() + "\"");
        assertThat(read(IMAGES.resolve("training/iotstream-training")))
                .contains(TrainingCommand.class.getName());
        // The scorer's CMD is a valid scorer command line.
        String cmd = instructions(IMAGES.resolve("scorer/Dockerfile"), "CMD").get(0);
        String[] args = Manifests.YAML.readValue(cmd, String[].class);
        ScoringCommand.newCommandLine(new ScoringCommand(Map.of(), Map.of())).parseArgs(args);
    }

    @Test
    void shouldPutTheTrainingJarAndLauncherWhereTheManifestsLookForThem() throws IOException {
        List<String> copies = instructions(IMAGES.resolve("training/Dockerfile"), "COPY");
        String jar = copies.stream().filter(c -> c.endsWith(".jar")).map(c -> c.split("\\s+")[1]).findFirst()
                .orElseThrow();
        String launcher = copies.stream().filter(c -> c.contains("iotstream-training ")).map(c -> c.split("\\s+")[1])
                .findFirst().orElseThrow();
        assertThat(read(IMAGES.resolve("training/iotstream-training"))).contains(jar);

        JsonNode cronJob = Manifests.parseFile(Manifests.dir().resolve("base/retrain-cronjob.yaml")).get(0);
        assertThat(Manifests.podSpec(cronJob).at("/containers/0/command/0").asText()).isEqualTo(launcher);
        assertThat(read(Manifests.dir().resolve("spark/submit.sh"))).contains("local://" + jar)
                .contains("--class " + TrainingCommand.class.getName());
        for (String app : List.of("sparkapplication-gen.yaml", "sparkapplication-train.yaml")) {
            JsonNode spec = Manifests.parseFile(Manifests.dir().resolve("spark").resolve(app)).get(0).path("spec");
            assertThat(spec.path("mainApplicationFile").asText()).isEqualTo("local://" + jar);
            assertThat(spec.path("mainClass").asText()).isEqualTo(TrainingCommand.class.getName());
            List<String> args = new ArrayList<>();
            spec.path("arguments").forEach(a -> args.add(a.asText()));
            CommandLine.ParseResult parsed = ManifestConsistencyTest.trainingCommandLine(Map.of())
                    .parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand()).as(app).isNotNull();
            for (String role : List.of("driver", "executor")) {
                SecurityContext sc = KubernetesSchemas.validate(spec.path(role).path("securityContext"),
                        SecurityContext.class, app + " " + role);
                assertThat(sc.getRunAsNonRoot()).as(app + " " + role).isTrue();
                assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            }
        }
    }

    @Test
    void shouldOpenTheSameJdkPackagesAsTheTrainingModule() throws IOException {
        Matcher pom = Pattern.compile("<spark.java.options>(.*)</spark.java.options>")
                .matcher(read(Manifests.repo().resolve("training-spark/pom.xml")));
        assertThat(pom.find()).isTrue();
        Matcher script = Pattern.compile("SPARK_JAVA_OPTS=\"([^\"]*)\"")
                .matcher(read(IMAGES.resolve("training/iotstream-training")));
        assertThat(script.find()).isTrue();
        assertThat(script.group(1).split("\\s+")).containsExactly(pom.group(1).strip().split("\\s+"));
    }

    @Test
    void shouldBeValidShell() throws Exception {
        for (Path script : List.of(IMAGES.resolve("build.sh"), IMAGES.resolve("training/iotstream-training"),
                Manifests.dir().resolve("spark/submit.sh"))) {
            assertThat(Files.isExecutable(script)).as("%s is executable", script).isTrue();
            String shell = Files.readAllLines(script).get(0).contains("bash") ? "bash" : "sh";
            Process p = new ProcessBuilder(shell, "-n", script.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("-n %s: %s", script, new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8)).isZero();
        }
    }
}
