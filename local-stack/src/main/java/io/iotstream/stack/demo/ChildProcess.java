package io.iotstream.stack.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A step's process. In the foreground its output is shown, indented, and a progress line is printed whenever it
 * has been silent for a while; in the background its output goes to a log file.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ChildCommand command;
    private final Process process;
    private final Thread pump;
    private final AtomicLong lastOutput = new AtomicLong(System.nanoTime());

    private ChildProcess(ChildCommand command, Process process, Thread pump) {
        this.command = command;
        this.process = process;
        this.pump = pump;
    }

    /** Starts {@code command} with its output shown on {@code out}, each line prefixed with {@code prefix}. */
    static ChildProcess foreground(ChildCommand command, PrintWriter out, String prefix) {
        Process process = start(builder(command).redirectErrorStream(true));
        ChildProcess[] self = new ChildProcess[1];
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    self[0].lastOutput.set(System.nanoTime());
                    synchronized (out) {
                        out.println(prefix + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended and closed its side: nothing more to show
            }
        }, "demo-output-" + command.command().get(1));
        self[0] = new ChildProcess(command, process, pump);
        pump.setDaemon(true);
        pump.start();
        return self[0];
    }

    /** Starts {@code command} with its output appended to {@code log}. */
    static ChildProcess background(ChildCommand command, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log.getParent(), e);
        }
        Process process = start(builder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        return new ChildProcess(command, process, null);
    }

    private static ProcessBuilder builder(ChildCommand command) {
        ProcessBuilder builder = new ProcessBuilder(command.command())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        command.environment().forEach((k, v) -> {
            // the user's JVM options win over the demo's sizing
            if (!k.equals("JAVA_OPTS") || !env.containsKey(k) || env.get(k).isBlank()) {
                env.put(k, v);
            }
        });
        return builder;
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + builder.command().get(0) + ": " + e.getMessage()
                    + ": run the demo as ./iotstream demo from the repository", e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the process to end, printing {@code ... <title>: still running (N s)} on {@code out} whenever it
     * has been quiet for a while; returns its exit code.
     */
    int await(PrintWriter out) throws InterruptedException {
        long start = System.nanoTime();
        while (!process.waitFor(1, TimeUnit.SECONDS)) {
            long now = System.nanoTime();
            if (now - lastOutput.get() > QUIET.toNanos()) {
                lastOutput.set(now);
                synchronized (out) {
                    out.printf("  ... still running (%d s)%n", TimeUnit.NANOSECONDS.toSeconds(now - start));
                    out.flush();
                }
            }
        }
        if (pump != null) {
            pump.join(TimeUnit.SECONDS.toMillis(5));
        }
        return process.exitValue();
    }

    /** SIGTERM (the parts stop cleanly on it), then SIGKILL after a grace period; waits until it is gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return command.title() + " (pid " + process.pid() + ")";
    }
}
