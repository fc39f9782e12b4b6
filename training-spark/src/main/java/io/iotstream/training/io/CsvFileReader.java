package io.iotstream.training.io;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;

/**
 * Reads CSV training input in this JVM, file after file, row after row, for trainers that do not run on Spark.
 * Errors name the file and the line.
 */
public final class CsvFileReader {

    /** Receives each row; {@code values} is reused for the next row, copy it to keep it. */
    @FunctionalInterface
    public interface RowHandler {
        void row(int label, double[] values);
    }

    private CsvFileReader() {
    }

    /**
     * Reads every row of every data file.
     *
     * @return the number of sensors per row (from the first row)
     * @throws BadInputException on an unreadable file or a bad row, naming the file and line
     */
    public static int read(Configuration conf, InputFiles input, RowHandler handler) throws BadInputException {
        double[] values = null;
        String firstFile = null;
        for (FileStatus f : input.files()) {
            String file = f.getPath().toString();
            try (InputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
                LineReader reader = new LineReader(in, 1 << 16);
                Text line = new Text();
                long lineNumber = 0;
                while (reader.readLine(line) > 0) {
                    lineNumber++;
                    if (values == null) {
                        int sensors = CsvRowParser.fieldCount(line.getBytes(), line.getLength()) - 1;
                        if (line.getLength() == 0 || sensors < 1) {
                            throw BadInputException.atRow(file, 0, lineNumber,
                                    "the first row must be label,v1,...,vn with at least one value");
                        }
                        values = new double[sensors];
                        firstFile = file;
                    }
                    int label;
                    try {
                        label = CsvRowParser.parse(line.getBytes(), line.getLength(), values);
                    } catch (RowFormatException e) {
                        throw BadInputException.atRow(file, -1, lineNumber, e.getMessage()
                                + (file.equals(firstFile) ? "" : " (the first row is in " + firstFile + ")"));
                    }
                    handler.row(label, values);
                }
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage()
                        + ": check the permissions and the storage settings", e);
            }
        }
        if (values == null) {
            throw new BadInputException("input " + input.location() + " has no rows to train on");
        }
        return values.length;
    }
}
