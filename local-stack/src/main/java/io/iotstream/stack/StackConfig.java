package io.iotstream.stack;

import io.iotstream.cli.stack.LocalStackState;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the stack commands need: the stack's folder, the services, and how to start a service JVM.
 *
 * @param home the folder of the stack's state, logs and data ({@code IOTSTREAM_HOME}, by default
 *     {@code .iotstream/} at the repository root)
 * @param services the services {@code up} and {@code status} handle; {@code down} always stops every recorded one
 * @param javaExecutable the java that runs the service processes
 * @param classpath their classpath
 * @param forwardedSystemProperties {@code -D} settings passed on to them (registry version, Maven repository)
 * @param startTimeout how long {@code up} waits for a service to answer
 */
public record StackConfig(Path home, List<StackServiceKind> services, Path javaExecutable, List<String> classpath,
        Map<String, String> forwardedSystemProperties, Duration startTimeout) {

    public static final String HOME_ENV = LocalStackState.HOME_ENV;
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);

    public StackConfig {
        Objects.requireNonNull(home, "home");
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("--services: name at least one of kafka, s3, registry");
        }
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        classpath = List.copyOf(classpath);
        forwardedSystemProperties = Map.copyOf(forwardedSystemProperties);
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("--start-timeout must be positive, not " + startTimeout);
        }
    }

    /** The stack folder from {@code IOTSTREAM_HOME} in {@code env}, else {@code .iotstream} in the working dir. */
    public static Path homeFrom(Map<String, String> env) {
        return LocalStackState.homeFrom(env);
    }

    /** Service JVMs like this one: same java, same classpath, and the {@code iotstream.*} settings passed on. */
    public static StackConfig forThisJvm(Path home, List<StackServiceKind> services, Duration startTimeout) {
        Map<String, String> forwarded = new TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith("iotstream.") || key.equals("maven.repo.local")) {
                forwarded.put(key, (String) v);
            }
        });
        return new StackConfig(home, services, Paths.get(System.getProperty("java.home"), "bin", "java"),
                List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)), forwarded,
                startTimeout);
    }

    /** This config with one more {@code -D} setting for the service JVMs. */
    public StackConfig withSystemProperty(String key, String value) {
        Map<String, String> forwarded = new TreeMap<>(forwardedSystemProperties);
        forwarded.put(key, value);
        return new StackConfig(home, services, javaExecutable, classpath, forwarded, startTimeout);
    }

    public StackConfig withServices(List<StackServiceKind> newServices) {
        return new StackConfig(home, newServices, javaExecutable, classpath, forwardedSystemProperties, startTimeout);
    }
}
