package io.iotstream.devservices.internal;

import io.iotstream.devservices.process.ExitCleanup;
import io.iotstream.devservices.process.LogFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Unpacks distribution archives once per machine into a cache folder. */
public final class Archives {

    /** Written last into a fully unpacked folder. */
    static final String COMPLETE_MARKER = ".iotstream-unpacked";

    private Archives() {
    }

    private static void makeReadableByAll(Path dir) throws IOException {
        // createTempDirectory makes it owner-only; the cache is shared by every user's test runs
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * Makes {@code target} hold the unpacked {@code tarGz} and returns it. The archive is unpacked with the
     * {@code tar} command into a sibling temp folder that is then renamed to {@code target}, so JVMs racing each
     * other never see a half-unpacked folder: the loser of the rename discards its copy.
     */
    public static Path unpackOnce(Path tarGz, Path target, Duration timeout) {
        if (Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        Path parent = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, target.getFileName() + ".unpacking-");
            Path log = temp.resolve(".tar.log");
            Process tar = new ProcessBuilder("tar", "-xzf", tarGz.toAbsolutePath().toString(), "-C", temp.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!tar.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tar.destroyForcibly();
                throw new IllegalStateException("Unpacking " + tarGz + " took longer than " + timeout);
            }
            if (tar.exitValue() != 0) {
                throw new IllegalStateException("tar -xzf " + tarGz + " failed with exit code " + tar.exitValue()
                        + ": " + LogFile.tail(log, 20));
            }
            Files.deleteIfExists(log);
            Files.createFile(temp.resolve(COMPLETE_MARKER));
            makeReadableByAll(temp);
            if (Files.exists(target) && !Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                // left over by a JVM that died mid-way through an older, non-atomic layout: replace it
                ExitCleanup.deleteTree(target);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
                temp = null;
            } catch (IOException e) {
                // another JVM won the race (the target exists now): use its copy
                if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                    throw e;
                }
            }
            if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                throw new IllegalStateException("Unpacked " + tarGz + " but " + target + " is incomplete");
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + tarGz + " into " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while unpacking " + tarGz, e);
        } finally {
            if (temp != null) {
                ExitCleanup.deleteTree(temp);
            }
        }
    }
}
