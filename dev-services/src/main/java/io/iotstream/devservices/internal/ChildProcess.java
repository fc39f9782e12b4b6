package io.iotstream.devservices.internal;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child JVM whose output goes to a log file, and which dies with this JVM: destroyed by a shutdown hook and,
 * should that not run, by {@link ChildMain}'s parent watchdog.
 */
public final class ChildProcess {

    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS_TO_DELETE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::cleanUpAtExit, "dev-services-children"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java <jvmOptions> -cp <this module + classpath> ChildMain <mainClass> <args>}, appending its
     * standard output and error to {@code logFile}.
     */
    public static ChildProcess startJava(String name, Path javaExecutable, List<String> jvmOptions,
            List<String> classpath, String mainClass, List<String> args, Path workDir, Path logFile) {
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
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "[dev-services] " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // stdin stays a pipe that is never written: ChildMain halts the child when it closes
            ChildProcess child = new ChildProcess(name, builder.start(), logFile);
            LIVE.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command, e);
        }
    }

    /** Deletes {@code dir} when this JVM exits, unless it was deleted before. */
    public static void deleteAtExit(Path dir) {
        DIRS_TO_DELETE.add(dir);
    }

    /** Deletes a directory tree now; failures are ignored (best effort). */
    public static void deleteTree(Path dir) {
        DIRS_TO_DELETE.remove(dir);
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: temp dirs are cleaned by the OS eventually
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Closes the child's standard input, as the OS does when this JVM dies; for tests of the watchdog. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Exit code, or -1 while alive. */
    public int exitCodeOrMinusOne() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills the child at once (SIGKILL) and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
        LIVE.remove(this);
    }

    /** Asks the child to stop (SIGTERM), kills it if it has not stopped after {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        if (!waitForExit(grace)) {
            kill();
        }
        LIVE.remove(this);
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last {@code maxLines} lines of the log file (at most 16 KiB), for failure messages. */
    public String logTail(int maxLines) {
        return tail(logFile, maxLines);
    }

    /** A failure description: what, the exit state, and the tail of the log. */
    public String describeFailure(String what) {
        return what + " (" + name + ", pid " + process.pid() + ", "
                + (process.isAlive() ? "still running" : "exited with " + process.exitValue())
                + "; log " + logFile + "). Last lines of the log:" + System.lineSeparator()
                + logTail(60);
    }

    static String tail(Path file, int maxLines) {
        if (!Files.exists(file)) {
            return "(no log file " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 16 * 1024);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] lines = text.split("\\R");
            int from = Math.max(0, lines.length - maxLines);
            return String.join(System.lineSeparator(), java.util.Arrays.asList(lines).subList(from, lines.length));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    /** The jar or classes directory holding this module's classes, so child JVMs can run {@link ChildMain}. */
    static Path ownLocation() {
        try {
            return Paths.get(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the dev-services classes", e);
        }
    }

    private static void cleanUpAtExit() {
        for (ChildProcess child : LIVE) {
            child.process.destroyForcibly();
        }
        for (ChildProcess child : LIVE) {
            child.waitForExit(Duration.ofSeconds(10));
        }
        for (Path dir : DIRS_TO_DELETE) {
            deleteTree(dir);
        }
    }
}
