package io.iotstream.stack.readme;

import io.iotstream.testkit.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Runs README commands as a user would: bash, from the repository root, with the stack's folder given. */
public final class ReadmeShell {

    /** The repository root (tests run in the module's folder). */
    public static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

    private static final long TIMEOUT_MINUTES = 10;

    private ReadmeShell() {
    }

    /**
     * What a script did.
     *
     * @param exitCode its exit code
     * @param output stdout and stderr, interleaved
     * @param millis how long it took
     */
    public record Run(int exitCode, String output, long millis) {
    }

    /**
     * Skips the calling test unless every module the launcher runs is built from its current sources. In CI (the
     * reactor has just built every jar) it always runs, and then the launcher must build nothing. A developer who
     * edited a module since its last install would get a rebuild in the middle of the test, which replaces jars
     * this test JVM has on its class path and breaks the tests after it: the message says what to install first.
     */
    public static void assumeBuilt() throws IOException {
        List<String> stale = staleModules();
        String why = stale + " changed since built; the launcher would rebuild them during the test: run `mvn -o "
                + "-DskipTests install -pl " + String.join(",", stale) + " -am` first";
        // CI (.ci/run) builds every jar just before: a stale one there is a defect, never a reason to skip.
        Prerequisite.FRESH_JARS.check(stale.isEmpty(), why);
    }

    /**
     * Checks that a command's output shows no build by the launcher. Every jar was fresh when the test started
     * ({@link #assumeBuilt()}); a build since means a wrong staleness check, unless someone edited a module's
     * sources while the test ran (a developer's machine), in which case the test is skipped, saying so.
     */
    public static void assertNoBuild(String what, String output, long testStartMillis) throws IOException {
        if (!output.contains("iotstream: building")) {
            return;
        }
        List<String> edited = changedSince(FileTime.fromMillis(testStartMillis));
        Assumptions.assumeTrue(edited.isEmpty(), () -> edited + " changed while the test ran; the launcher rebuilt "
                + "them (as it should): run the test again");
        throw new AssertionError(what + " rebuilt a module whose jar was newer than its sources: the launcher's "
                + "staleness check is wrong:\n" + output);
    }

    /** The modules whose jars the launcher runs. */
    static final List<String> LAUNCHED_MODULES = List.of("training-spark", "simulator", "scoring-streams", "tools",
            "local-stack");
    /** What the launcher's staleness check ({@code is_stale} in ./iotstream) also looks at for every module. */
    static final List<String> SHARED_MODULES = List.of("schemas", "model-format", "cli-kit", "tools",
            "dev-services");

    private static List<String> changedSince(FileTime time) throws IOException {
        List<String> changed = new ArrayList<>();
        java.util.Set<String> modules = new java.util.LinkedHashSet<>(LAUNCHED_MODULES);
        modules.addAll(SHARED_MODULES);
        for (String module : modules) {
            if (newerThan(ROOT.resolve(module).resolve("pom.xml"), time)
                    || newerThan(ROOT.resolve(module).resolve("src/main"), time)) {
                changed.add(module);
            }
        }
        return changed;
    }

    /**
     * The modules whose sources changed since their jar was built, by the launcher's rule (a file under
     * {@code src/main} or the pom of the module or of a {@link #SHARED_MODULES shared one}, or the root pom,
     * newer than the jar). Empty in CI, where the reactor has just built every jar.
     */
    public static List<String> staleModules() throws IOException {
        List<String> stale = new ArrayList<>();
        for (String module : LAUNCHED_MODULES) {
            Optional<Path> jar = moduleJar(module);
            if (jar.isEmpty()) {
                stale.add(module);
                continue;
            }
            FileTime built = Files.getLastModifiedTime(jar.get());
            boolean newer = Files.getLastModifiedTime(ROOT.resolve("pom.xml")).compareTo(built) > 0;
            List<String> deps = new ArrayList<>(SHARED_MODULES);
            deps.add(module);
            for (String dep : deps) {
                newer |= newerThan(ROOT.resolve(dep).resolve("pom.xml"), built)
                        || newerThan(ROOT.resolve(dep).resolve("src/main"), built);
            }
            if (newer) {
                stale.add(module);
            }
        }
        return stale;
    }

    private static Optional<Path> moduleJar(String module) throws IOException {
        Path target = ROOT.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("iotstream-" + module + "-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar") && !n.endsWith("-spark.jar");
            }).findFirst();
        }
    }

    private static boolean newerThan(Path path, FileTime time) throws IOException {
        if (!Files.exists(path)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(time) > 0;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** Runs {@code script} with {@code bash -euo pipefail} and {@code IOTSTREAM_HOME=home}; output goes to a file. */
    public static Run run(String script, Path home) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Files.createDirectories(home);
        Path log = Files.createTempFile(home, "sh-", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("IOTSTREAM_HOME", home.toString());
        // should the launcher build a module in CI (it must not: the reactor built them), never go to the network
        pb.environment().putIfAbsent("IOTSTREAM_MVN_ARGS", "-o");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            throw new AssertionError("timed out after " + TIMEOUT_MINUTES + " minutes: " + script + "\noutput:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
