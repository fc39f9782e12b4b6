package io.iotstream.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code -spark.jar} as a user submits it:
 * {@code spark-submit --class io.iotstream.training.cli.TrainingCommand --master local[2] <jar> gen ...}, then
 * {@code ... train ...}. Each run is a child JVM whose main is Spark's own launcher,
 * {@code org.apache.spark.deploy.SparkSubmit} (what the {@code spark-submit} script ends up running), on a class
 * path like a Spark distribution's {@code jars/}: the provided dependencies (Spark, Hadoop) plus what the shade
 * plugin leaves out because every distribution ships it. The module's own classes are NOT on it: they come from the
 * jar, so a class the jar lacks fails here.
 *
 * <p>The jar is written by the {@code package} phase, which runs before failsafe's {@code integration-test}; the
 * paths come from failsafe's system properties (see the pom).
 */
class SparkSubmitIT {

    /** Jars the shade plugin excludes from the -spark.jar because Spark distributions have them (see the pom). */
    private static final List<String> SHIPPED_BY_SPARK = List.of(
            "/com/fasterxml/jackson/core/", "/org/slf4j/", "/io/netty/", "/org/apache/commons/commons-lang3/",
            "/org/apache/commons/commons-text/", "/org/apache/commons/commons-collections4/");

    private static final String MAIN = "io.iotstream.training.cli.TrainingCommand";

    private static Path jar;
    private static String classpath;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJarAndClasspath() throws IOException {
        jar = Paths.get(property("iotstream.spark.jar"));
        assertThat(jar).as("the package phase writes the -spark.jar before integration-test").isRegularFile();
        List<String> entries = new ArrayList<>(read(property("iotstream.spark.classpath")));
        read(property("iotstream.local.classpath")).stream()
                .filter(e -> SHIPPED_BY_SPARK.stream().anyMatch(p -> e.replace(File.separatorChar, '/').contains(p)))
                .filter(e -> !entries.contains(e))
                .forEach(entries::add);
        assertThat(entries).as("Spark's own jars").anyMatch(e -> e.contains("spark-core_2.13"));
        assertThat(entries).as("no module classes outside the jar")
                .noneMatch(e -> e.contains("iotstream-") || e.endsWith("classes"));
        classpath = String.join(File.pathSeparator, entries);
    }

    @Test
    void shouldPackageTheApplicationWithoutSpark() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry(MAIN.replace('.', '/') + ".class")).isNotNull();
            assertThat(zip.getEntry("io/iotstream/model/ModelArtifact.class")).as("model-format").isNotNull();
            assertThat(zip.getEntry("org/apache/hadoop/fs/s3a/S3AFileSystem.class")).as("hadoop-aws").isNotNull();
            assertThat(zip.getEntry("org/apache/spark/SparkContext.class")).as("Spark is provided").isNull();
            assertThat(zip.getEntry("org/apache/hadoop/fs/FileSystem.class")).as("Hadoop is provided").isNull();
        }
    }

    @Test
    void shouldGenerateAndTrainUnderSparkSubmit() throws Exception {
        Path data = dir.resolve("train");
        Submitted gen = submit("gen", "6000", "10", "3", data.toUri().toString(), "--format", "csv", "--seed", "7");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        assertThat(gen.out()).contains("Created ", "with size", "MB/s");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))).hasSize(3);
        }
        assertThat(data.resolve("_SUCCESS")).exists();

        Path model = dir.resolve("model");
        Submitted train = submit("train", data.toUri().toString(), "--output", model.toString(), "--seed", "3");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(train.out()).contains("Read 6000 rows of 10 sensors", "holdout (", "parity:", "Trained ");

        ModelArtifact artifact = ModelJson.read(model.resolve("model.json"));
        assertThat(model.resolve("model.pmml")).isRegularFile();
        assertThat(artifact.features().count()).isEqualTo(10);
        assertThat(artifact.metrics().get(Metrics.AUC)).isGreaterThanOrEqualTo(0.97);
        assertThat(artifact.provenance().trainer()).isEqualTo("spark-mllib");
        assertThat(artifact.provenance().seed()).isEqualTo(3L);
        assertThat(artifact.provenance().rows()
                + Long.parseLong(artifact.provenance().parameters().get("holdoutRows"))).isEqualTo(6000);
    }

    @Test
    void shouldExitTwoOnBadInputUnderSparkSubmit() throws Exception {
        Submitted missing = submit("train", dir.resolve("nothing-here").toUri().toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    /** {@code spark-submit --class MAIN --master local[2] <jar> args...}, in a child JVM. */
    private Submitted submit(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.thisJava().toString());
        command.add("-Xmx1g");
        command.addAll(Arrays.asList(property("iotstream.spark.java.options").trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, "org.apache.spark.deploy.SparkSubmit",
                "--class", MAIN, "--master", "local[2]",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=4",
                jar.toString()));
        command.addAll(Arrays.asList(args));
        String name = "submit-" + args[0] + "-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        // No SPARK_HOME: SparkSubmit needs none in local mode. Loopback only, as bin/iotstream-training does.
        ChildProcess child = ChildProcess.command(command).name(name).directory(dir)
                .withoutInherited("SPARK_HOME"::equals).environment(Map.of("SPARK_LOCAL_IP", "127.0.0.1"))
                .logFile(out).errorLog(err).start();
        try {
            if (!child.waitFor(Duration.ofSeconds(150))) {
                throw new AssertionError("spark-submit " + String.join(" ", args) + " did not finish in 150 s\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
        } finally {
            child.kill();
        }
        return new Submitted(child.exitCode(), child.logText(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by failsafe, see the pom)", name).isNotBlank();
        return value;
    }

    private static List<String> read(String classpathFile) throws IOException {
        String text = Files.readString(Paths.get(classpathFile), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(File.pathSeparator));
    }

    private record Submitted(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }
}
