package io.iotstream.training.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet training input in this JVM (no Spark), file after file, for trainers that do not run on Spark:
 * a numeric {@code label} column and a {@code features} column that is a list of numbers, as {@code iotgen} (Spark)
 * writes them. Spark ML vectors (a struct) are not read here; train those with Spark.
 */
public final class ParquetFileReader {

    private ParquetFileReader() {
    }

    /**
     * Reads every row of every data file.
     *
     * @return the number of sensors per row (from the first row)
     * @throws BadInputException on an unreadable file, a missing or unusable column, or rows of different lengths
     */
    public static int read(Configuration conf, InputFiles input, CsvFileReader.RowHandler handler)
            throws BadInputException {
        double[] values = null;
        for (FileStatus f : input.files()) {
            String file = f.getPath().toString();
            long row = 0;
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f.getPath())
                    .withConf(conf).build()) {
                Group g;
                while ((g = reader.read()) != null) {
                    row++;
                    GroupType schema = g.getType();
                    if (!schema.containsField("label") || !schema.containsField("features")) {
                        throw new BadInputException(file + " has no 'label' or no 'features' column: Parquet input "
                                + "needs both, as iotgen --format parquet writes them");
                    }
                    double label = number(g, "label", 0, file);
                    Group features = g.getGroup("features", 0);
                    int n = features.getFieldRepetitionCount(0);
                    if (values == null) {
                        if (n < 1) {
                            throw new BadInputException(file + ", row 1: 'features' is empty");
                        }
                        values = new double[n];
                    }
                    if (n != values.length) {
                        throw new BadInputException(file + ", row " + row + ": 'features' has " + n + " values but "
                                + "the first row has " + values.length + ": every row needs the same number");
                    }
                    for (int i = 0; i < n; i++) {
                        values[i] = element(features.getGroup(0, i), file);
                    }
                    if (label != 0.0 && label != 1.0) {
                        throw new BadInputException(file + ", row " + row + ": the label is " + label
                                + ": labels must be 0 or 1");
                    }
                    handler.row((int) label, values);
                }
            } catch (IOException | RuntimeException e) {
                throw new BadInputException("cannot read " + file + " as training Parquet: " + e.getMessage()
                        + ": it needs a numeric 'label' and a 'features' list of numbers", e);
            }
        }
        if (values == null) {
            throw new BadInputException("input " + input.location() + " has no rows to train on");
        }
        return values.length;
    }

    /** The value of a 3-level Parquet list entry ({@code repeated group list { element }}). */
    private static double element(Group entry, String file) throws BadInputException {
        return number(entry, entry.getType().getFieldName(0), 0, file);
    }

    private static double number(Group g, String field, int index, String file) throws BadInputException {
        Type type = g.getType().getType(field);
        if (!type.isPrimitive()) {
            throw new BadInputException(file + ": column '" + field + "' is not a number");
        }
        PrimitiveType.PrimitiveTypeName t = type.asPrimitiveType().getPrimitiveTypeName();
        return switch (t) {
            case DOUBLE -> g.getDouble(field, index);
            case FLOAT -> g.getFloat(field, index);
            case INT32 -> g.getInteger(field, index);
            case INT64 -> g.getLong(field, index);
            default -> throw new BadInputException(file + ": column '" + field + "' is " + t + ", not a number");
        };
    }
}
