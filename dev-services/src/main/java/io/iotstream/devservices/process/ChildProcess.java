package io.iotstream.devservices.process;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A started child process: the one way IoTStream's tools and tests run another program. Start one with
 * {@link #command} or {@link #watchedJava}, configure it on the {@link ChildProcessBuilder}, then wait for it,
 * read its log, stop or kill it here.
 *
 * <p>Unless {@link ChildProcessBuilder#detached() detached}, a child is killed (with its descendants) by a shutdown
 * hook when this JVM exits. Its log methods see only what this run wrote, since a log file may be shared with
 * earlier runs (a restarted broker, a scorer restarted under the same name).
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(5);
    private static final int FAILURE_LINES = 60;

    private final String name;
    private final Process process;
    private final LogFile log;
    private final OutputPump pump;
    private final Duration closeGrace;

    ChildProcess(String name, Process process, LogFile log, OutputPump pump, Duration closeGrace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pump = pump;
        this.closeGrace = closeGrace;
    }

    /** A child running {@code command} (the program, then its arguments), its standard input {@code /dev/null}. */
    public static ChildProcessBuilder command(List<String> command) {
        return new ChildProcessBuilder(command, false);
    }

    /** A child running {@code command} (the program, then its arguments), its standard input {@code /dev/null}. */
    public static ChildProcessBuilder command(String... command) {
        return command(List.of(command));
    }

    /**
     * A child JVM that halts as soon as this JVM is gone, however it goes (even by SIGKILL, when no shutdown hook
     * runs): {@code java <jvmOptions> -cp <dev-services + classpath> ChildMain <mainClass> <args>}, whose standard
     * input is a pipe that {@link ChildMain} watches. Its command line heads its log.
     */
    public static ChildProcessBuilder watchedJava(Path javaExecutable, List<String> jvmOptions,
            List<String> classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        List<String> cp = new ArrayList<>();
        cp.add(ownLocation().toString());
        cp.addAll(classpath);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, cp));
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return new ChildProcessBuilder(command, true);
    }

    /** The {@code java} executable of this JVM, for children that should run on the same Java. */
    public static Path thisJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file the output goes to; null when it goes to a line consumer. */
    public Path logFile() {
        return log == null ? null : log.path();
    }

    /** The exit code. */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        return process.exitValue();
    }

    /** Waits until the child has ended or {@code limit} has passed; true if it has ended. */
    public boolean waitFor(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the child to end, within {@code limit}, and returns its exit code (after the last line reached the
     * consumer). The child does not outlive the wait: past the limit, or when interrupted, it is killed.
     *
     * @throws IllegalStateException past the limit, with the log's tail
     */
    public int awaitExit(Duration limit) throws InterruptedException {
        boolean ended;
        try {
            ended = waitFor(limit);
        } catch (InterruptedException e) {
            kill();
            throw e;
        }
        if (!ended) {
            String failure = describeFailure(name + " did not finish within " + (limit.toMillis() % 1000 == 0
                    ? limit.toSeconds() + " s" : limit.toMillis() + " ms"));
            kill();
            throw new IllegalStateException(failure);
        }
        drainPump();
        return process.exitValue();
    }

    /**
     * Waits for the child to end, within {@code limit}, and checks that it succeeded.
     *
     * @throws IllegalStateException past the limit or on a non-zero exit code, with the log's tail
     */
    public void awaitSuccess(Duration limit) throws InterruptedException {
        if (awaitExit(limit) != 0) {
            throw new IllegalStateException(describeFailure(name + " failed"));
        }
    }

    /**
     * Waits for the child to end, however long it takes, and returns its exit code. Whenever it has printed
     * nothing for {@code quiet}, {@code stillRunning} gets the seconds since the wait began, so that a person
     * watching knows it is not stuck.
     */
    public int awaitExitWithProgress(Duration quiet, LongConsumer stillRunning) throws InterruptedException {
        long start = System.nanoTime();
        long lastNews = start;
        long poll = Math.min(quiet.toNanos(), TimeUnit.SECONDS.toNanos(1));
        while (!process.waitFor(poll, TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            if (pump != null) {
                lastNews = Math.max(lastNews, pump.lastLineNanos());
            }
            if (now - lastNews > quiet.toNanos()) {
                lastNews = now;
                stillRunning.accept(TimeUnit.NANOSECONDS.toSeconds(now - start));
            }
        }
        drainPump();
        return process.exitValue();
    }

    /**
     * Waits until this run's log has a line that is {@code line} (surrounding blanks aside), as a child announces
     * that it is ready; false if the child ended without printing it or {@code limit} passed.
     */
    public boolean awaitLine(String line, Duration limit) throws InterruptedException {
        requireLog("awaitLine");
        long deadline = System.nanoTime() + limit.toNanos();
        LogFile.LineCursor lines = log.lines();
        while (true) {
            // alive before reading: a line printed just before the end is still found
            boolean alive = process.isAlive();
            if (lines.reaches(line)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (!alive || left <= 0) {
                return false;
            }
            process.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Asks the child and its descendants to stop (SIGTERM), and kills them (SIGKILL) if the child has not ended
     * after {@code grace}; returns when it is gone. True if it ended within the grace period.
     */
    public boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        // descendants first: a launcher script may not pass the signal on
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (waitQuietly(grace)) {
            return true;
        }
        kill();
        return false;
    }

    /** Kills the child and its descendants at once (SIGKILL), as in a crash, and waits until it is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitQuietly(KILL_WAIT);
    }

    /** {@link #stop} with the builder's {@link ChildProcessBuilder#closeGrace close grace}; by default a kill. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        if (closeGrace.isZero()) {
            kill();
        } else {
            stop(closeGrace);
        }
    }

    /** What this run wrote to its log file. */
    public String logText() {
        requireLog("logText");
        return log.text();
    }

    /** The last {@code maxLines} lines (at most 16 KiB) of this run's output, for failure messages. */
    public String logTail(int maxLines) {
        return log != null ? log.tail(maxLines) : pump.tail(maxLines);
    }

    /** A failure description: what, the child's state, and the tail of its output. */
    public String describeFailure(String what) {
        return what + " (" + name + ", pid " + process.pid() + ", "
                + (process.isAlive() ? "still running" : "exited with " + process.exitValue())
                + (log != null ? "; log " + log.path() : "") + "). Last lines of its output:"
                + System.lineSeparator() + logTail(FAILURE_LINES);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** Closes the child's standard input, as the OS does when this JVM dies; for tests of the watchdog. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Kills at once, without waiting: for the shutdown hook, which then waits for every child at once. */
    void killNow() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    boolean waitQuietly(Duration timeout) {
        try {
            return waitFor(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void drainPump() throws InterruptedException {
        if (pump != null) {
            pump.join(PUMP_DRAIN);
        }
    }

    private void requireLog(String operation) {
        if (log == null) {
            throw new IllegalStateException(operation + " needs a log file; " + name + " writes to a consumer");
        }
    }

    /** The jar or classes directory holding this module's classes, so child JVMs can run {@link ChildMain}. */
    private static Path ownLocation() {
        try {
            return Paths.get(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the dev-services classes", e);
        }
    }
}
