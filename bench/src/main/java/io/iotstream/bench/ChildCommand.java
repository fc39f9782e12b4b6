package io.iotstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the run (the Spark peer, iotgen, iottrain): output to a log file in the work folder, a time
 * limit, and the log's tail in the error when it fails, so a failure names its cause. The child is destroyed if
 * the limit passes or the bench is interrupted.
 */
final class ChildCommand {

    /** What a finished child left: its wall time and its output lines. */
    record Outcome(double seconds, List<String> lines) {
    }

    private ChildCommand() {
    }

    static Outcome run(String what, List<String> command, Map<String, String> env, Path log, Duration limit)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = start(command, env, log);
        return finish(what, process, log, limit, start);
    }

    /** Starts the child; {@link #finish} waits for it. */
    static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for a child started at {@code start} (System.nanoTime) and checks how it ended. */
    static Outcome finish(String what, Process process, Path log, Duration limit, long start)
            throws IOException, InterruptedException {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + " did not finish within " + limit.toSeconds() + " s; see "
                        + log);
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "); log " + log
                    + ", last lines:\n  " + String.join("\n  ", tail));
        }
        return new Outcome(seconds, lines);
    }

    /** Waits until the child's log has a line equal to {@code line}; false if the child ended or time ran out. */
    static boolean awaitLine(Process process, Path log, String line, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().anyMatch(l -> l.strip().equals(line))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** This JVM's java, for the children. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
