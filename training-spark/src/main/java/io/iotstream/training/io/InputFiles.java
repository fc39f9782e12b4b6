package io.iotstream.training.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;

/**
 * The data files of a training input (a file, or a directory of part files as Spark writes them), their format,
 * and a fingerprint of them for the model's provenance.
 *
 * <p><b>Fingerprint.</b> Inputs up to {@value #CONTENT_HASH_LIMIT} bytes are hashed by content:
 * {@code sha256:} + SHA-256 over, for each data file in path order, its path relative to the input, a NUL, its size
 * in decimal, a NUL, and its bytes. Bigger inputs are fingerprinted by listing, without reading them:
 * {@code listing-sha256:} + SHA-256 over, per file, relative path, NUL, size, NUL, modification time in epoch
 * milliseconds, NUL. The same data copied elsewhere keeps a content fingerprint; a listing fingerprint changes when
 * a file is rewritten.
 *
 * @param location the input, fully qualified (e.g. {@code s3a://bucket/train}, {@code file:/data/train.csv})
 * @param files    the data files, sorted by path; never empty
 * @param format   CSV or PARQUET, never AUTO
 */
public record InputFiles(String location, List<FileStatus> files, InputFormat format) {

    /** Inputs up to this size (64 MiB) get a content fingerprint. */
    public static final long CONTENT_HASH_LIMIT = 64L << 20;

    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    public InputFiles {
        files = List.copyOf(files);
    }

    /**
     * Lists and checks the input.
     *
     * @throws BadInputException if it does not exist, cannot be read, holds no data files, or its format is unclear
     */
    public static InputFiles resolve(Configuration conf, String input, InputFormat format) throws BadInputException {
        Path path = new Path(input);
        List<FileStatus> files;
        String location;
        try {
            FileSystem fs = path.getFileSystem(conf);
            location = fs.makeQualified(path).toString();
            if (!fs.exists(path)) {
                throw new BadInputException("input " + location + " does not exist: check the path");
            }
            files = HadoopPaths.dataFiles(fs, path);
        } catch (FileNotFoundException e) {
            throw new BadInputException("input " + input + " does not exist: check the path", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read input " + input + ": " + e.getMessage()
                    + ": check the path, the permissions and the storage settings", e);
        }
        if (files.isEmpty()) {
            throw new BadInputException("input " + location + " holds no data files: give a CSV or Parquet file, "
                    + "or a directory of part files");
        }
        long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
        if (bytes == 0) {
            throw new BadInputException("input " + location + " is empty: it has no rows to train on");
        }
        InputFormat resolved = format == InputFormat.AUTO ? detect(conf, files) : format;
        return new InputFiles(location, files, resolved);
    }

    private static InputFormat detect(Configuration conf, List<FileStatus> files) throws BadInputException {
        for (FileStatus f : files) {
            if (f.getLen() == 0) {
                continue;
            }
            byte[] head = new byte[PARQUET_MAGIC.length];
            try (FSDataInputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
                int n = in.read(head);
                return n == head.length && java.util.Arrays.equals(head, PARQUET_MAGIC)
                        ? InputFormat.PARQUET : InputFormat.CSV;
            } catch (IOException e) {
                throw new BadInputException("cannot read " + f.getPath() + ": " + e.getMessage()
                        + ": check the permissions and the storage settings", e);
            }
        }
        throw new BadInputException("every data file of the input is empty: there are no rows to train on");
    }

    /** The paths of the data files, comma-separated, as Hadoop input formats take them. */
    public String commaSeparatedPaths() {
        List<String> paths = new ArrayList<>();
        for (FileStatus f : files) {
            paths.add(f.getPath().toString());
        }
        return String.join(",", paths);
    }

    /** Total size of the data files. */
    public long bytes() {
        return files.stream().mapToLong(FileStatus::getLen).sum();
    }

    /**
     * The fingerprint described in the class comment.
     *
     * @throws IOException if a file cannot be read
     */
    public String fingerprint(Configuration conf) throws IOException {
        MessageDigest sha = sha256();
        boolean content = bytes() <= CONTENT_HASH_LIMIT;
        byte[] buffer = new byte[1 << 16];
        for (FileStatus f : files) {
            update(sha, relativeName(f));
            update(sha, Long.toString(f.getLen()));
            if (content) {
                try (InputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                    }
                }
            } else {
                update(sha, Long.toString(f.getModificationTime()));
            }
        }
        return (content ? "sha256:" : "listing-sha256:") + HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The 1-based line number of the row starting at {@code byteOffset} of {@code file}: counts line ends before it.
     * Only for error messages; reads the file up to the offset.
     */
    public static long lineNumber(Configuration conf, String file, long byteOffset) throws IOException {
        Path path = new Path(file);
        long line = 1;
        long read = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            while (read < byteOffset) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, byteOffset - read));
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line++;
                    }
                }
                read += n;
            }
        }
        return line;
    }

    /** The first line of the first data file, to learn the number of fields; null if that file has no line. */
    public byte[] firstLine(Configuration conf) throws IOException {
        Path first = files.get(0).getPath();
        try (InputStream in = first.getFileSystem(conf).open(first)) {
            LineReader reader = new LineReader(in);
            Text text = new Text();
            if (reader.readLine(text) == 0) {
                return null;
            }
            return text.copyBytes();
        }
    }

    private String relativeName(FileStatus f) {
        String p = f.getPath().toString();
        return p.startsWith(location) && p.length() > location.length() ? p.substring(location.length()).replaceFirst("^/+", "") : f.getPath().getName();
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
