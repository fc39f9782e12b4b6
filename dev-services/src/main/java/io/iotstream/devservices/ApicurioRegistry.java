package io.iotstream.devservices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.devservices.internal.Archives;
import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.devservices.process.ExitCleanup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A schema registry (Apicurio Registry) in a child JVM, bound to 127.0.0.1 on free ports, in-memory storage, with
 * the Confluent-compatible API at {@link #ccompatUrl()} and global compatibility set to {@code BACKWARD} (the
 * Confluent default; Apicurio's own default is NONE).
 *
 * <p>Apicurio Registry {@code iotstream.apicurio.version} (3.3.3) needs Java 21+, which is looked for as described
 * in {@link JavaHomes}. Without one, Apicurio {@code iotstream.apicurio.fallback.version} (2.6.13.Final), which
 * runs on Java 17, is used if its distribution is in the local Maven repository. Otherwise {@link #start()} throws
 * an exception that names both fixes: tests that need a registry fail, they are never skipped.
 *
 * <p>The distribution {@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all} is read from the local Maven
 * repository ({@code maven.repo.local}, else {@code ~/.m2/repository}) and unpacked once into
 * {@code ${java.io.tmpdir}/iotstream-apicurio-<version>}. The registry's output goes to {@link #logFile()}.
 *
 * <p>A registry from {@link #startRestartable()} keeps its schemas in a file instead (H2 in its work dir, 3.x only),
 * so that a test can {@link #stop()} it, as in an outage, and {@link #restart()} it on the same URL with the same
 * schemas and ids.
 */
public final class ApicurioRegistry implements AutoCloseable {

    static final String DEFAULT_VERSION = "3.3.3";
    static final String DEFAULT_FALLBACK_VERSION = "2.6.13.Final";
    static final int JAVA_NEEDED_BY_V3 = 21;

    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final String CCOMPAT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApicurioRegistry shared;

    private final Plan plan;
    private final Path workDir;
    private final int httpPort;
    private final int managementPort;
    private final boolean isShared;
    /** Storage in a file of {@link #workDir}, kept across {@link #stop()} and {@link #restart()}. */
    private final boolean persistent;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private ChildProcess child;
    private boolean closed;
    /** The subjects when {@link #stop()} stopped the registry, to check that {@link #restart()} kept them. */
    private Set<String> subjectsAtStop;

    /** What to run: which distribution on which Java. */
    record Plan(String version, Path distribution, Path javaExecutable, String javaDescription) {

        boolean isV2() {
            return version.startsWith("2.");
        }
    }

    private ApicurioRegistry(Plan plan, boolean isShared, boolean persistent) {
        this.plan = plan;
        this.isShared = isShared;
        this.persistent = persistent;
        try {
            this.workDir = Files.createTempDirectory("iotstream-apicurio-run-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for the registry", e);
        }
        ExitCleanup.deleteAtExit(workDir);
        int[] ports = FreePorts.find(2);
        this.httpPort = ports[0];
        // Quarkus' management interface defaults to port 9000: another free port, so parallel runs do not clash
        this.managementPort = ports[1];
    }

    /** Starts a new registry and waits until it answers; the caller closes it. */
    public static ApicurioRegistry start() {
        return start(false, false);
    }

    /**
     * Starts a new registry that can be {@link #stop() stopped} and {@link #restart() restarted} on the same URL,
     * keeping its schemas and their ids: its storage is a file (H2) in its work dir. The caller closes it.
     *
     * @throws IllegalStateException if only the fallback 2.x registry can run here (its storage is memory only)
     */
    public static ApicurioRegistry startRestartable() {
        return start(false, true);
    }

    /**
     * Returns the registry shared by all tests of this JVM, starting it at first use; it is stopped when the JVM
     * exits and {@link #close()} on it does nothing.
     */
    public static synchronized ApicurioRegistry shared() {
        if (shared == null) {
            ApicurioRegistry registry = start(true, false);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::shutdown, "apicurio-shutdown"));
            shared = registry;
        }
        return shared;
    }

    private static ApicurioRegistry start(boolean isShared, boolean persistent) {
        Plan plan = plan(JavaHomes.ofThisMachine(), localRepository(),
                System.getProperty("iotstream.apicurio.version", DEFAULT_VERSION),
                System.getProperty("iotstream.apicurio.fallback.version", DEFAULT_FALLBACK_VERSION),
                Paths.get(System.getProperty("java.home")));
        if (persistent && plan.isV2()) {
            throw new IllegalStateException("A restartable registry needs Apicurio Registry 3.x (its SQL storage "
                    + "can be a file), but only the fallback " + plan.version() + " can run here, whose "
                    + "distribution keeps schemas in memory only. Install a JDK " + JAVA_NEEDED_BY_V3 + "+ and set "
                    + JavaHomes.REGISTRY_JAVA_HOME_ENV + " (or JAVA21_HOME) to it.");
        }
        ApicurioRegistry registry = new ApicurioRegistry(plan, isShared, persistent);
        try {
            registry.launch();
            return registry;
        } catch (RuntimeException | Error e) {
            registry.shutdown();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>/apis/ccompat/v7}: the Confluent Schema Registry compatible API. */
    public String ccompatUrl() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The Apicurio Registry version running, e.g. {@code 3.3.3}. */
    public String version() {
        return plan.version();
    }

    /** The file the registry's output goes to. */
    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    /**
     * Stops the registry process (SIGTERM), as in an outage: its URL refuses connections until {@link #restart()}.
     * Its ports, work dir and stored schemas are kept. Only on a registry from {@link #startRestartable()}.
     */
    public synchronized void stop() {
        requireRestartable("stop");
        if (child == null) {
            throw new IllegalStateException("The registry at " + baseUrl() + " is already stopped");
        }
        subjectsAtStop = subjects();
        child.stop(Duration.ofSeconds(30));
        child = null;
        System.err.printf("[dev-services] Apicurio Registry %s at %s stopped%n", plan.version(), baseUrl());
    }

    /**
     * Starts a {@link #stop() stopped} registry again on the same ports, so on the same URLs, and waits until it
     * answers; it serves the schemas (and ids) it had.
     *
     * @throws IllegalStateException if it does not come up, or comes up without the subjects it had at the stop
     */
    public synchronized void restart() {
        requireRestartable("restart");
        if (child != null) {
            throw new IllegalStateException("The registry at " + baseUrl() + " is running; stop() it first");
        }
        try {
            launch();
        } catch (RuntimeException | Error e) {
            if (child != null) {
                child.stop(Duration.ofSeconds(10));
                child = null;
            }
            throw e;
        }
        // It may answer before its storage has served every subject: give it a moment, then name the difference.
        AtomicReference<Set<String>> now = new AtomicReference<>(Set.of());
        try {
            Await.until("the restarted registry at " + baseUrl() + " serving its subjects " + subjectsAtStop,
                    Duration.ofSeconds(30), () -> {
                        now.set(subjects());
                        return now.get().equals(subjectsAtStop);
                    });
        } catch (AssertionError | RuntimeException e) {
            throw new IllegalStateException(child.describeFailure("The registry at " + baseUrl() + " restarted "
                    + "with subjects " + now.get() + " but had " + subjectsAtStop + " when stopped"), e);
        }
    }

    private void requireRestartable(String what) {
        if (closed) {
            throw new IllegalStateException("Cannot " + what + " a closed registry");
        }
        if (!persistent) {
            throw new IllegalStateException("Cannot " + what + " this registry: only one from startRestartable() "
                    + "keeps its schemas across a restart");
        }
    }

    private Set<String> subjects() {
        HttpResponse<String> response = get("/subjects");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + ccompatUrl() + "/subjects answered " + response.statusCode()
                    + ": " + response.body());
        }
        try {
            Set<String> subjects = new TreeSet<>();
            JSON.readTree(response.body()).forEach(n -> subjects.add(n.asText()));
            return subjects;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + ccompatUrl() + "/subjects answered " + response.body(), e);
        }
    }

    /** Stops the registry and deletes its files; does nothing on the {@link #shared()} instance. */
    @Override
    public void close() {
        if (!isShared) {
            shutdown();
        }
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        if (child != null) {
            child.stop(Duration.ofSeconds(10));
        }
        ExitCleanup.deleteTree(workDir);
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Chooses distribution and Java: the main version on a Java 21+, else the fallback version on the running
     * JVM, else fails naming both fixes.
     */
    static Plan plan(JavaHomes javaHomes, Path repository, String version, String fallbackVersion,
            Path currentJavaHome) {
        Optional<JavaHomes.JavaHome> java21 = javaHomes.find(JAVA_NEEDED_BY_V3);
        Path main = distribution(repository, version);
        if (java21.isPresent()) {
            if (!Files.isRegularFile(main)) {
                throw new IllegalStateException("The Apicurio Registry " + version + " distribution is not in the "
                        + "local Maven repository (" + main + "). Fetch it with: mvn dependency:get "
                        + "-Dartifact=io.apicurio:apicurio-registry-app:" + version + ":tar.gz:all "
                        + "(building the dev-services module does this, too)");
            }
            JavaHomes.JavaHome home = java21.get();
            return new Plan(version, main, home.javaExecutable(),
                    "Java " + home.featureVersion() + " at " + home.home() + " (via " + home.foundVia() + ")");
        }
        Path fallback = distribution(repository, fallbackVersion);
        if (Files.isRegularFile(fallback)) {
            Path java = JavaHomes.javaExecutableIn(currentJavaHome);
            return new Plan(fallbackVersion, fallback, java,
                    "the running Java " + Runtime.version().feature() + " at " + currentJavaHome
                            + " (no Java " + JAVA_NEEDED_BY_V3 + "+ found)");
        }
        throw new IllegalStateException("Cannot start a schema registry: Apicurio Registry " + version
                + " needs Java " + JAVA_NEEDED_BY_V3 + "+ and none was found, and the fallback Apicurio Registry "
                + fallbackVersion + " (runs on Java 17) is not in the local Maven repository (" + fallback + ")."
                + " Fix either: (1) install a JDK " + JAVA_NEEDED_BY_V3 + "+ and set "
                + JavaHomes.REGISTRY_JAVA_HOME_ENV + " (or JAVA21_HOME) to it; or (2) run: mvn dependency:get "
                + "-Dartifact=io.apicurio:apicurio-registry-app:" + fallbackVersion + ":tar.gz:all"
                + ". Looked at: " + String.join("; ", javaHomes.notes()));
    }

    static Path distribution(Path repository, String version) {
        return repository.resolve("io/apicurio/apicurio-registry-app").resolve(version)
                .resolve("apicurio-registry-app-" + version + "-all.tar.gz");
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Duration startTimeout() {
        String seconds = System.getProperty("iotstream.apicurio.start.timeout.seconds");
        return seconds == null ? DEFAULT_START_TIMEOUT : Duration.ofSeconds(Long.parseLong(seconds.trim()));
    }

    private void launch() {
        long t0 = System.nanoTime();
        Path cache = Paths.get(System.getProperty("java.io.tmpdir"), "iotstream-apicurio-" + plan.version());
        Path home = Archives.unpackOnce(plan.distribution(), cache, Duration.ofMinutes(5));
        Path runnerJar = findRunnerJar(home);

        List<String> jvm = new ArrayList<>(List.of(
                "-Xmx768m",
                "-XX:+UseSerialGC",
                // C1 only: starts much faster on two cores, and test traffic is light
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + workDir,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.banner.enabled=false"));
        if (plan.isV2()) {
            jvm.add("-Dregistry.rest.artifact.deletion.enabled=true");
        } else {
            // tests clean up after themselves; 3.x forbids deletes by default
            jvm.add("-Dapicurio.rest.deletion.group.enabled=true");
            jvm.add("-Dapicurio.rest.deletion.artifact.enabled=true");
            jvm.add("-Dapicurio.rest.deletion.artifact-version.enabled=true");
            jvm.add("-Dapicurio.storage.snapshot.location=" + workDir);
            jvm.add("-Dapicurio.import.work-dir=" + workDir);
            if (persistent) {
                // the default is an in-memory H2 (jdbc:h2:mem:...): a file of the work dir survives a restart
                // WRITE_DELAY=0: each commit reaches the file at once, so a registry stopped right after a write
                // (H2 flushes its log up to 500 ms later by default) still has it after the restart.
                jvm.add("-Dapicurio.datasource.url=jdbc:h2:file:" + workDir.resolve("storage").resolve("registry")
                        + ";WRITE_DELAY=0");
            }
        }
        child = ChildProcess.watchedJava(plan.javaExecutable(), jvm, List.of(runnerJar.toString()),
                mainClassOf(runnerJar), List.of())
                .name("Apicurio Registry " + plan.version()).directory(workDir).logFile(logFile()).start();

        Duration timeout = startTimeout();
        Boolean up;
        try {
            up = Await.until("Apicurio Registry " + plan.version() + " answers GET " + ccompatUrl() + "/subjects",
                    timeout, () -> {
                        if (!child.isAlive()) {
                            return Boolean.FALSE;
                        }
                        return get("/subjects").statusCode() == 200 ? Boolean.TRUE : null;
                    });
        } catch (AssertionError e) {
            throw new IllegalStateException(child.describeFailure("Apicurio Registry " + plan.version()
                    + " did not answer within " + timeout + " on " + plan.javaDescription()), e);
        }
        if (!up) {
            throw new IllegalStateException(child.describeFailure("Apicurio Registry " + plan.version()
                    + " exited during start on " + plan.javaDescription()));
        }
        setGlobalCompatibility("BACKWARD");
        System.err.printf("[dev-services] Apicurio Registry %s up at %s in %d ms on %s%n", plan.version(), baseUrl(),
                (System.nanoTime() - t0) / 1_000_000, plan.javaDescription());
    }

    private void setGlobalCompatibility(String level) {
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/config"))
                .header("Content-Type", CCOMPAT_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}")));
        if (put.statusCode() != 200) {
            throw new IllegalStateException(child.describeFailure("PUT " + ccompatUrl() + "/config answered "
                    + put.statusCode() + ": " + put.body()));
        }
        HttpResponse<String> get = get("/config");
        String actual = readField(get.body(), "compatibilityLevel");
        if (get.statusCode() != 200 || !level.equals(actual)) {
            throw new IllegalStateException(child.describeFailure("Global compatibility should be " + level
                    + " but GET " + ccompatUrl() + "/config answered " + get.statusCode() + ": " + get.body()));
        }
    }

    private HttpResponse<String> get(String ccompatPath) {
        return send(HttpRequest.newBuilder(URI.create(ccompatUrl() + ccompatPath))
                .header("Accept", CCOMPAT_JSON).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static String readField(String json, String field) {
        try {
            JsonNode node = JSON.readTree(json).get(field);
            return node == null ? null : node.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** 3.x ships a fast-jar ({@code quarkus-run.jar}), 2.x a legacy {@code *-runner.jar}. */
    private static Path findRunnerJar(Path home) {
        try (Stream<Path> files = Files.walk(home, 3)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals("quarkus-run.jar") || name.endsWith("-runner.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException("No quarkus-run.jar or *-runner.jar under "
                    + home + "; delete that folder to unpack the distribution again"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not search " + home, e);
        }
    }

    private static String mainClassOf(Path jar) {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null) {
                throw new IllegalStateException(jar + " names no Main-Class");
            }
            return main.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jar, e);
        }
    }
}
