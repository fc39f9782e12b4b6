package io.iotstream.devservices.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What goes when this JVM exits: the children that are not detached, then the folders they used (after them,
 * since a live child may still write there).
 */
public final class ExitCleanup {

    private static final Set<ChildProcess> CHILDREN = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS_TO_DELETE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::cleanUp, "dev-services-children"));
    }

    private ExitCleanup() {
    }

    /** Deletes {@code dir} when this JVM exits, unless it was deleted before. */
    public static void deleteAtExit(Path dir) {
        DIRS_TO_DELETE.add(dir);
    }

    /** Deletes a directory tree now; failures are ignored (best effort). */
    public static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        DIRS_TO_DELETE.remove(dir);
        if (!Files.exists(dir)) {
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

    static void killAtExit(ChildProcess child) {
        CHILDREN.add(child);
        child.toHandle().onExit().thenRun(() -> CHILDREN.remove(child));
    }

    private static void cleanUp() {
        for (ChildProcess child : CHILDREN) {
            child.killNow();
        }
        for (ChildProcess child : CHILDREN) {
            child.waitQuietly(Duration.ofSeconds(10));
        }
        for (Path dir : DIRS_TO_DELETE) {
            deleteTree(dir);
        }
    }
}
