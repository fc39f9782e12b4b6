package io.iotstream.training.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Listing data files the way Spark writes and reads them: part files, without markers and hidden files. */
public final class HadoopPaths {

    private HadoopPaths() {
    }

    /** Whether a file is data, not a marker ({@code _SUCCESS}) or a hidden file ({@code .part-0.crc}). */
    public static boolean isDataFile(Path path) {
        String name = path.getName();
        return !name.startsWith("_") && !name.startsWith(".");
    }

    /**
     * The data files under {@code path} (the file itself if it is one; all data files below it, recursively, if it
     * is a directory), sorted by path, so that concatenating them gives the rows in partition order.
     */
    public static List<FileStatus> dataFiles(FileSystem fs, Path path) throws IOException {
        Path root = fs.makeQualified(path);
        FileStatus status = fs.getFileStatus(root);
        List<FileStatus> files = new ArrayList<>();
        if (status.isFile()) {
            files.add(status);
            return files;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (f.isFile() && isDataFile(f.getPath()) && isDataDirectory(root, f.getPath())) {
                files.add(f);
            }
        }
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    /** Total size of the data files under {@code path}. */
    public static long dataBytes(FileSystem fs, Path path) throws IOException {
        long bytes = 0;
        for (FileStatus f : dataFiles(fs, path)) {
            bytes += f.getLen();
        }
        return bytes;
    }

    /** Sizes as the original benchmark printed them: binary units, one decimal. */
    public static String humanSize(long bytes) {
        double b = bytes;
        String[] units = {"TB", "GB", "MB", "KB"};
        double[] sizes = {Math.pow(2, 40), Math.pow(2, 30), Math.pow(2, 20), Math.pow(2, 10)};
        for (int i = 0; i < units.length; i++) {
            if (b >= sizes[i]) {
                return String.format(Locale.ROOT, "%.1f%s", b / sizes[i], units[i]);
            }
        }
        return bytes + "B";
    }

    // Spark writes a committed output's files at its top level (or in partition directories); a "_temporary"
    // directory left by a failed job is not data.
    private static boolean isDataDirectory(Path root, Path file) {
        for (Path p = file.getParent(); p != null && p.depth() > root.depth(); p = p.getParent()) {
            if (!isDataFile(p)) {
                return false;
            }
        }
        return true;
    }
}
