package io.iotstream.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;

/**
 * Finds an installed JDK/JRE of at least a given feature version, the way users expect, in this order:
 * <ol>
 *   <li>env {@code IOTSTREAM_REGISTRY_JAVA_HOME} (if set it must be such a Java, or the search fails);</li>
 *   <li>env {@code JAVA21_HOME};</li>
 *   <li>env {@code JAVA_HOME};</li>
 *   <li>the running JVM ({@code java.home});</li>
 *   <li>the usual install folders: {@code /usr/lib/jvm/*}, {@code /opt/java/*}, {@code /opt/*jdk*},
 *       {@code ~/.sdkman/candidates/java/*}, {@code ~/.jdks/*},
 *       {@code /Library/Java/JavaVirtualMachines/*}{@code /Contents/Home}; of these the lowest version that is
 *       new enough wins.</li>
 * </ol>
 * A folder counts when it has {@code bin/java} and a {@code release} file whose {@code JAVA_VERSION} is new
 * enough (the running JVM's version is known without that file). {@link #notes()} tells what was looked at and
 * why it was rejected, for error messages.
 */
public final class JavaHomes {

    /** Env var naming the Java the schema registry child process runs on. */
    public static final String REGISTRY_JAVA_HOME_ENV = "IOTSTREAM_REGISTRY_JAVA_HOME";

    /** A Java installation. */
    public record JavaHome(Path home, int featureVersion, String foundVia) {

        /** {@code <home>/bin/java} (or {@code java.exe}). */
        public Path javaExecutable() {
            return javaExecutableIn(home);
        }
    }

    private final Map<String, String> env;
    private final Path currentJavaHome;
    private final int currentFeatureVersion;
    private final List<Path> installRoots;
    private final List<Path> optDirs;
    private final List<String> notes = new ArrayList<>();

    JavaHomes(Map<String, String> env, Path currentJavaHome, int currentFeatureVersion, List<Path> installRoots,
            List<Path> optDirs) {
        this.env = Map.copyOf(env);
        this.currentJavaHome = currentJavaHome;
        this.currentFeatureVersion = currentFeatureVersion;
        this.installRoots = List.copyOf(installRoots);
        this.optDirs = List.copyOf(optDirs);
    }

    /** A finder looking at this machine: the real environment, the running JVM and the usual folders. */
    public static JavaHomes ofThisMachine() {
        Path userHome = Paths.get(System.getProperty("user.home"));
        List<Path> roots = List.of(
                Paths.get("/usr/lib/jvm"),
                Paths.get("/opt/java"),
                userHome.resolve(".sdkman/candidates/java"),
                userHome.resolve(".jdks"),
                Paths.get("/Library/Java/JavaVirtualMachines"));
        return new JavaHomes(System.getenv(), Paths.get(System.getProperty("java.home")),
                Runtime.version().feature(), roots, List.of(Paths.get("/opt")));
    }

    /**
     * Finds a Java of at least {@code minFeatureVersion}.
     *
     * @throws IllegalStateException if {@value #REGISTRY_JAVA_HOME_ENV} is set but is not such a Java
     */
    public Optional<JavaHome> find(int minFeatureVersion) {
        notes.clear();
        String explicit = env.get(REGISTRY_JAVA_HOME_ENV);
        if (explicit != null && !explicit.isBlank()) {
            Optional<JavaHome> home = check(Paths.get(explicit), minFeatureVersion, REGISTRY_JAVA_HOME_ENV);
            if (home.isEmpty()) {
                throw new IllegalStateException(REGISTRY_JAVA_HOME_ENV + "=" + explicit + " is not a Java "
                        + minFeatureVersion + "+ installation: " + String.join("; ", notes));
            }
            return home;
        }
        for (String var : List.of("JAVA21_HOME", "JAVA_HOME")) {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                Optional<JavaHome> home = check(Paths.get(value), minFeatureVersion, var);
                if (home.isPresent()) {
                    return home;
                }
            }
        }
        if (currentJavaHome != null) {
            if (currentFeatureVersion >= minFeatureVersion && Files.isRegularFile(javaExecutableIn(currentJavaHome))) {
                return Optional.of(new JavaHome(currentJavaHome, currentFeatureVersion, "java.home"));
            }
            notes.add("java.home " + currentJavaHome + " is Java " + currentFeatureVersion);
        }
        List<JavaHome> scanned = new ArrayList<>();
        for (Path candidate : installedCandidates()) {
            check(candidate, minFeatureVersion, "scan").ifPresent(scanned::add);
        }
        return scanned.stream()
                .min(Comparator.comparingInt(JavaHome::featureVersion).thenComparing(h -> h.home().toString()));
    }

    /** What the last {@link #find} looked at and why each candidate was rejected. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The feature version from a {@code release} file's {@code JAVA_VERSION}: {@code "21.0.2"} is 21,
     * {@code "1.8.0_392"} is 8, {@code "25-ea"} is 25.
     */
    static OptionalInt featureVersion(String javaVersion) {
        if (javaVersion == null) {
            return OptionalInt.empty();
        }
        String v = javaVersion.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("1.")) {
            v = v.substring(2);
        }
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.substring(0, end)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private Optional<JavaHome> check(Path home, int minFeatureVersion, String via) {
        if (!Files.isRegularFile(javaExecutableIn(home))) {
            notes.add(via + ": " + home + " has no bin/java");
            return Optional.empty();
        }
        OptionalInt version = releaseVersion(home);
        if (version.isEmpty()) {
            notes.add(via + ": " + home + " has no readable JAVA_VERSION in its release file");
            return Optional.empty();
        }
        if (version.getAsInt() < minFeatureVersion) {
            notes.add(via + ": " + home + " is Java " + version.getAsInt());
            return Optional.empty();
        }
        return Optional.of(new JavaHome(home, version.getAsInt(), via));
    }

    private static OptionalInt releaseVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return OptionalInt.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        return featureVersion(props.getProperty("JAVA_VERSION"));
    }

    private List<Path> installedCandidates() {
        Set<Path> candidates = new LinkedHashSet<>();
        for (Path root : installRoots) {
            for (Path child : children(root)) {
                Path macHome = child.resolve("Contents/Home");
                candidates.add(realPath(Files.isDirectory(macHome) ? macHome : child));
            }
        }
        for (Path opt : optDirs) {
            for (Path child : children(opt)) {
                if (child.getFileName().toString().toLowerCase(Locale.ROOT).contains("jdk")) {
                    candidates.add(realPath(child));
                }
            }
        }
        return new ArrayList<>(candidates);
    }

    private static List<Path> children(Path dir) {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Files::isDirectory)) {
            stream.forEach(result::add);
        } catch (IOException e) {
            // an unreadable folder holds no usable Java
        }
        result.sort(Comparator.comparing(Path::toString));
        return result;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    static Path javaExecutableIn(Path home) {
        Objects.requireNonNull(home, "home");
        Path unix = home.resolve("bin").resolve("java");
        Path windows = home.resolve("bin").resolve("java.exe");
        return Files.isRegularFile(windows) && !Files.isRegularFile(unix) ? windows : unix;
    }
}
