package io.iotstream.devservices.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A child's log file, which earlier runs may have written to: reads see only what was appended since it was
 * {@link #open opened}.
 */
public final class LogFile {

    private static final int TAIL_BYTES = 16 * 1024;

    private final Path path;
    private final long start;

    private LogFile(Path path, long start) {
        this.path = path;
        this.start = start;
    }

    static LogFile open(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new LogFile(path, Files.exists(path) ? Files.size(path) : 0);
    }

    /** The last {@code maxLines} lines of a whole file (at most 16 KiB), for failure messages; never throws. */
    public static String tail(Path file, int maxLines) {
        return tail(file, 0, maxLines);
    }

    Path path() {
        return path;
    }

    void append(String line) throws IOException {
        Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    String text() {
        if (!Files.exists(path)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            long from = from(raf.length());
            byte[] bytes = new byte[Math.toIntExact(raf.length() - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }

    String tail(int maxLines) {
        return tail(path, start, maxLines);
    }

    /** A reader of this run's complete lines, from the start, each read once. */
    LineCursor lines() {
        return new LineCursor();
    }

    final class LineCursor {

        private long position = start;

        private LineCursor() {
        }

        /** Whether a complete line appended since the last call is {@code line}, blanks aside. */
        boolean reaches(String line) {
            if (!Files.exists(path)) {
                return false;
            }
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
                long from = Math.max(position, from(raf.length()));
                byte[] bytes = new byte[Math.toIntExact(raf.length() - from)];
                raf.seek(from);
                raf.readFully(bytes);
                int end = lastNewline(bytes);
                position = from + end + 1;
                // complete lines only: UTF-8 never splits a character at a newline byte
                return new String(bytes, 0, end + 1, StandardCharsets.UTF_8).lines()
                        .anyMatch(l -> l.strip().equals(line));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + path, e);
            }
        }
    }

    /** Where this run's part starts; from the beginning if the file was replaced by a shorter one. */
    private long from(long length) {
        return start <= length ? start : 0;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String tail(Path file, long start, int maxLines) {
        if (!Files.exists(file)) {
            return "(no log file " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(start <= length ? start : 0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int first = Math.max(0, lines.length - maxLines);
            return String.join(System.lineSeparator(), Arrays.asList(lines).subList(first, lines.length));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
