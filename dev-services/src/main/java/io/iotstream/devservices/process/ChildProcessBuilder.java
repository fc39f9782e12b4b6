package io.iotstream.devservices.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How to start a {@link ChildProcess}: where its output goes (a log file, or a line consumer), its environment
 * and folder, and whether it dies with this JVM. Standard error joins standard output unless it has its own
 * {@link #errorLog file}.
 */
public final class ChildProcessBuilder {

    private static final File DEV_NULL = new File("/dev/null");

    private final List<String> command;
    private final boolean watchdog;
    private String name;
    private Path directory;
    private Predicate<String> removedVariables = variable -> false;
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path logFile;
    private Path errorLog;
    private Consumer<String> lines;
    private boolean detached;
    private Duration closeGrace = Duration.ZERO;

    ChildProcessBuilder(List<String> command, boolean watchdog) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.command = List.copyOf(command);
        this.watchdog = watchdog;
        this.name = Path.of(command.get(0)).getFileName().toString();
    }

    /** How messages name the child; by default the program's file name. */
    public ChildProcessBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** The child's working directory; by default this JVM's. */
    public ChildProcessBuilder directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Added to the environment this JVM passes on, replacing what it has. */
    public ChildProcessBuilder environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Added to the environment only where this JVM's is unset or blank: for defaults a user may override. */
    public ChildProcessBuilder environmentDefaults(Map<String, String> variables) {
        defaults.putAll(variables);
        return this;
    }

    /**
     * Leaves the variables whose names match out of the environment this JVM passes on, so that a developer's
     * shell does not configure the child; what {@link #environment} adds is kept.
     */
    public ChildProcessBuilder withoutInherited(Predicate<String> names) {
        removedVariables = removedVariables.or(names);
        return this;
    }

    /** Appends the child's output to {@code file}, creating its folder. */
    public ChildProcessBuilder logFile(Path file) {
        this.logFile = file;
        return this;
    }

    /** Appends the child's standard error to {@code file}, apart from its {@link #logFile standard output}. */
    public ChildProcessBuilder errorLog(Path file) {
        this.errorLog = file;
        return this;
    }

    /** Hands each line the child prints (standard output and error) to {@code consumer}, on a thread of its own. */
    public ChildProcessBuilder outputLines(Consumer<String> consumer) {
        this.lines = consumer;
        return this;
    }

    /**
     * Not killed when this JVM exits: the child outlives it unless the caller stops it (a service that must keep
     * running after the command that started it; a step that the caller's own shutdown hook stops gracefully).
     */
    public ChildProcessBuilder detached() {
        this.detached = true;
        return this;
    }

    /** How long {@link ChildProcess#close()} lets the child stop after SIGTERM; zero (the default) kills it. */
    public ChildProcessBuilder closeGrace(Duration grace) {
        this.closeGrace = Objects.requireNonNull(grace, "grace");
        return this;
    }

    /**
     * Starts the child.
     *
     * @throws UncheckedIOException if it cannot be started (no such program, the log's folder cannot be created)
     */
    public ChildProcess start() {
        if ((logFile == null) == (lines == null)) {
            throw new IllegalStateException(name + ": give the output either a log file or a line consumer");
        }
        if (errorLog != null && logFile == null) {
            throw new IllegalStateException(name + ": an error log needs a log file for standard output");
        }
        if (watchdog && detached) {
            throw new IllegalStateException(name + ": a watched child halts when this JVM goes; it cannot be detached");
        }
        try {
            LogFile log = logFile == null ? null : LogFile.open(logFile);
            if (log != null && watchdog) {
                log.append("[dev-services] " + String.join(" ", command));
            }
            if (errorLog != null) {
                LogFile.open(errorLog);
            }
            Process process = processBuilder().start();
            OutputPump pump = lines == null ? null : OutputPump.start(name, process.getInputStream(), lines);
            ChildProcess child = new ChildProcess(name, process, log, pump, closeGrace);
            if (!detached) {
                ExitCleanup.killAtExit(child);
            }
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " (" + command.get(0) + "): " + e.getMessage(),
                    e);
        }
    }

    private ProcessBuilder processBuilder() {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(removedVariables);
        defaults.forEach((k, v) -> {
            if (env.getOrDefault(k, "").isBlank()) {
                env.put(k, v);
            }
        });
        env.putAll(environment);
        if (!watchdog) {
            // a pipe nobody writes would hang a child that reads its input, and ties it to this JVM
            builder.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        }
        if (logFile != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        if (errorLog != null) {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
        } else {
            builder.redirectErrorStream(true);
        }
        return builder;
    }
}
