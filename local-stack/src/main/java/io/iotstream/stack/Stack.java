package io.iotstream.stack;

import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.devservices.process.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Starts, stops and reports the local stack, whose state lives in one folder ({@link StackConfig#home()}):
 * {@code stack.properties} (each service's PID, start time and endpoints), {@code logs/<service>.log}, and each
 * service's data under {@code <service>/}.
 *
 * <p>{@link #up} leaves services that already run alone; {@link #down} stops exactly the processes recorded by
 * {@code up} (checked by PID, start time and command line, so a reused PID is never killed), then waits until they
 * and their child JVMs are gone.
 */
public final class Stack {

    /** The state file's name; its format and keys are {@link LocalStackState}'s. */
    public static final String STATE_FILE = LocalStackState.FILE_NAME;

    private static final String MAIN_CLASS = StackService.class.getName();
    /** Marks a stack service process on its command line; {@link #down} kills no process without it. */
    private static final String SERVICE_PROPERTY = "iotstream.stack.service";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;
    private final PrintWriter out;

    public Stack(StackConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** The file a service process writes its endpoints to once it answers. */
    static Path readyFile(Path home, StackServiceKind kind) {
        return home.resolve(kind.id() + ".properties");
    }

    /**
     * Starts every service that is not running, waits until each answers, records and prints the endpoints.
     *
     * @throws StackException if a service does not start (its log's tail is in the message); the services that
     *     did start keep running and are recorded, so {@code down} stops them
     */
    public void up() {
        createDirectories(config.home().resolve("logs"));
        Properties state = readState();
        Map<StackServiceKind, ProcessHandle> started = new LinkedHashMap<>();
        for (StackServiceKind kind : config.services()) {
            Optional<ProcessHandle> running = runningProcess(state, kind);
            if (running.isPresent()) {
                out.printf("%-8s already running (pid %d)%n", kind.id(), running.get().pid());
                continue;
            }
            forget(state, kind);
            deleteReadyFile(kind);
            ProcessHandle process = launch(kind);
            state.setProperty(kind.id() + ".pid", Long.toString(process.pid()));
            state.setProperty(kind.id() + ".started", startInstant(process).map(Instant::toString).orElse(""));
            started.put(kind, process);
            out.printf("%-8s starting (pid %d, log %s)%n", kind.id(), process.pid(), logFile(kind));
            out.flush();
        }
        // Record the PIDs before waiting, so that `down` finds them even if this command is interrupted.
        writeState(state);
        StackException failure = null;
        for (Map.Entry<StackServiceKind, ProcessHandle> e : started.entrySet()) {
            try {
                Properties endpoints = awaitReady(e.getKey(), e.getValue());
                endpoints.forEach((k, v) -> state.setProperty((String) k, (String) v));
            } catch (StackException ex) {
                failure = failure == null ? ex : failure;
            }
        }
        writeState(state);
        if (failure != null) {
            throw failure;
        }
        out.println("Local stack up (state in " + config.home().resolve(STATE_FILE) + "):");
        printEndpoints(state);
    }

    /** Stops the recorded services and waits until they and their children are gone; returns how many it stopped. */
    public int down() {
        Properties state = readState();
        int stopped = 0;
        List<StackServiceKind> reversed = new ArrayList<>(List.of(StackServiceKind.values()));
        java.util.Collections.reverse(reversed);
        for (StackServiceKind kind : reversed) {
            Optional<ProcessHandle> running = runningProcess(state, kind);
            if (running.isPresent()) {
                stop(kind, running.get());
                stopped++;
            } else if (state.getProperty(kind.id() + ".pid") != null) {
                out.printf("%-8s not running (pid %s gone)%n", kind.id(), state.getProperty(kind.id() + ".pid"));
            }
            forget(state, kind);
            deleteReadyFile(kind);
        }
        try {
            Files.deleteIfExists(config.home().resolve(STATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(stopped == 0 ? "Local stack: nothing was running." : "Local stack down.");
        return stopped;
    }

    /** Prints each service's state and the endpoints; returns true when every service runs. */
    public boolean status() {
        Properties state = readState();
        boolean all = true;
        for (StackServiceKind kind : config.services()) {
            Optional<ProcessHandle> running = runningProcess(state, kind);
            all &= running.isPresent();
            out.printf("%-8s %s%n", kind.id(), running.map(p -> "running (pid " + p.pid() + ")").orElse("stopped"));
        }
        if (all) {
            printEndpoints(state);
        }
        return all;
    }

    /** The PIDs of the stack's running service processes, by service. */
    public Map<StackServiceKind, ProcessHandle> runningProcesses() {
        Properties state = readState();
        Map<StackServiceKind, ProcessHandle> result = new LinkedHashMap<>();
        for (StackServiceKind kind : StackServiceKind.values()) {
            runningProcess(state, kind).ifPresent(p -> result.put(kind, p));
        }
        return result;
    }

    /** The recorded state: PIDs and endpoints ({@link LocalStackState#KAFKA_BOOTSTRAP_SERVERS}, ...); empty if the stack is down. */
    public Properties readState() {
        return readState(config.home());
    }

    /** The state recorded in the stack folder {@code home}; empty if there is none. */
    public static Properties readState(Path home) {
        return LocalStackState.read(home).toProperties();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void printEndpoints(Properties state) {
        new TreeMap<>(state).forEach((k, v) -> {
            String key = (String) k;
            if (!key.endsWith(".pid") && !key.endsWith(".started")) {
                out.printf("  %s=%s%n", key, v);
            }
        });
        out.flush();
    }

    private void deleteReadyFile(StackServiceKind kind) {
        try {
            Files.deleteIfExists(readyFile(config.home(), kind));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path logFile(StackServiceKind kind) {
        return config.home().resolve("logs").resolve(kind.id() + ".log");
    }

    private ProcessHandle launch(StackServiceKind kind) {
        Path data = config.home().resolve(kind.id());
        createDirectories(data);
        List<String> command = new ArrayList<>();
        command.add(config.javaExecutable().toString());
        // First, so that it is in the part of the command line the OS reports (Linux cuts long ones short).
        command.add("-D" + SERVICE_PROPERTY + "=" + kind.id());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        // dev-services keeps each service's files in a temp dir: this puts them under the stack's folder.
        command.add("-Djava.io.tmpdir=" + data.toAbsolutePath());
        config.forwardedSystemProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, config.classpath()));
        command.add(MAIN_CLASS);
        command.add(kind.id());
        command.add(config.home().toAbsolutePath().toString());
        try {
            // detached, its input /dev/null: the service must not depend on this short-lived process
            return ChildProcess.command(command).name(kind.id()).logFile(logFile(kind)).detached().start()
                    .toHandle();
        } catch (UncheckedIOException e) {
            throw new StackException("could not start " + kind.id() + " with " + config.javaExecutable() + ": " + e
                    .getCause().getMessage() + ": check JAVA");
        }
    }

    private Properties awaitReady(StackServiceKind kind, ProcessHandle process) {
        Path ready = readyFile(config.home(), kind);
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        long pause = 50;
        while (true) {
            if (Files.isRegularFile(ready)) {
                Properties endpoints = new Properties();
                try (Reader in = Files.newBufferedReader(ready, StandardCharsets.UTF_8)) {
                    endpoints.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.printf("%-8s up%n", kind.id());
                out.flush();
                return endpoints;
            }
            if (!isRunning(process)) {
                throw new StackException(kind.id() + " exited during start; the end of " + logFile(kind) + ":\n"
                        + tail(logFile(kind), 20));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(kind.id() + " did not answer within " + config.startTimeout()
                        + " (still running as pid " + process.pid() + ", stop it with `stack down`); the end of "
                        + logFile(kind) + ":\n" + tail(logFile(kind), 20));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + kind.id());
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private void stop(StackServiceKind kind, ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        out.printf("%-8s stopping (pid %d)%n", kind.id(), process.pid());
        out.flush();
        process.destroy();
        if (!awaitExit(process, STOP_GRACE)) {
            out.printf("%-8s did not stop within %s: killing pid %d%n", kind.id(), STOP_GRACE, process.pid());
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(10));
        }
        // The service's own child JVM (broker, registry) halts when its parent is gone; wait for it, so that its
        // ports are free when this returns.
        for (ProcessHandle child : children) {
            if (!awaitExit(child, Duration.ofSeconds(10))) {
                child.destroyForcibly();
                awaitExit(child, Duration.ofSeconds(10));
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie. In a container whose PID 1 does not reap orphans, an ended service stays a zombie
     * that {@link ProcessHandle#isAlive()} reports alive; it holds no ports and no files.
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String s = Files.readString(stat, StandardCharsets.UTF_8);
            // "<pid> (<command>) <state> ...": the command may contain spaces and parentheses
            int end = s.lastIndexOf(')');
            return end < 0 || end + 2 >= s.length() || s.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            // no /proc (not Linux), or the process just ended
            return process.isAlive();
        }
    }

    /**
     * The recorded process of {@code kind} if it still runs and is still ours: same PID, same start time, and a
     * command line naming this service. A PID the OS gave to another process since is never touched.
     */
    private Optional<ProcessHandle> runningProcess(Properties state, StackServiceKind kind) {
        String pid = state.getProperty(kind.id() + ".pid");
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle;
        try {
            handle = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String started = state.getProperty(kind.id() + ".started", "");
        return handle.filter(Stack::isRunning)
                .filter(p -> started.isEmpty() || startInstant(p).map(i -> i.toString().equals(started)).orElse(true))
                .filter(p -> p.info().commandLine()
                        .map(c -> c.contains("-D" + SERVICE_PROPERTY + "=" + kind.id() + " ")).orElse(true));
    }

    private static Optional<Instant> startInstant(ProcessHandle p) {
        return p.info().startInstant();
    }

    private static void forget(Properties state, StackServiceKind kind) {
        state.keySet().removeIf(k -> ((String) k).equals(kind.id() + ".pid") || ((String) k).equals(kind.id()
                + ".started"));
        List<String> endpointKeys = switch (kind) {
            case KAFKA -> List.of(LocalStackState.KAFKA_BOOTSTRAP_SERVERS);
            case S3 -> List.of(LocalStackState.S3_ENDPOINT, LocalStackState.S3_ACCESS_KEY, LocalStackState.S3_SECRET_KEY, LocalStackState.S3_REGION);
            case REGISTRY -> List.of(LocalStackState.REGISTRY_URL, LocalStackState.REGISTRY_VERSION);
        };
        endpointKeys.forEach(state::remove);
    }

    private void writeState(Properties state) {
        Map<String, String> values = new TreeMap<>();
        state.forEach((k, v) -> values.put((String) k, (String) v));
        LocalStackState.write(config.home(), values);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
