package io.iotstream.training.train;

import io.iotstream.training.io.BadInputException;
import io.iotstream.training.io.CsvRowParser;
import io.iotstream.training.io.InputFiles;
import io.iotstream.training.io.InputFormat;
import io.iotstream.training.io.RowFormatException;
import io.iotstream.training.io.UncheckedBadInput;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import static org.apache.spark.sql.functions.col;

/**
 * Reads training input into the layout Spark ML wants: {@code label} (double) and {@code features} (vector).
 *
 * <p>CSV is read as text lines with their byte offsets, so a bad row fails the job with a {@link BadInputException}
 * that knows its file and offset; {@link SparkTrainer} turns that into a line number. Parquet needs a numeric
 * {@code label} column and a {@code features} column that is an array of numbers or a Spark ML vector.
 */
final class SparkInput {

    static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private SparkInput() {
    }

    /** The data with its sensor count (from the first row; {@link SparkTrainer} checks the rest for Parquet). */
    record Loaded(Dataset<Row> data, int sensors) {
    }

    static Loaded load(SparkSession spark, InputFiles input) throws BadInputException {
        return input.format() == InputFormat.PARQUET ? parquet(spark, input) : csv(spark, input);
    }

    private static Loaded csv(SparkSession spark, InputFiles input) throws BadInputException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        byte[] first;
        try {
            first = input.firstLine(conf);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + input.files().get(0).getPath() + ": " + e.getMessage(), e);
        }
        if (first == null || first.length == 0) {
            throw BadInputException.atRow(input.files().get(0).getPath().toString(), 0, 1,
                    "the first row is empty: it must be label,v1,...,vn");
        }
        int sensors = CsvRowParser.fieldCount(first, first.length) - 1;
        if (sensors < 1) {
            throw BadInputException.atRow(input.files().get(0).getPath().toString(), 0, 1,
                    "the first row has a single field: rows must be label,v1,...,vn with at least one value");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                input.commaSeparatedPaths(), TextInputFormat.class, LongWritable.class, Text.class,
                new Configuration(conf));
        JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit(new ParseCsv(sensors), true);
        return new Loaded(spark.createDataFrame(rows, SCHEMA), sensors);
    }

    private static Loaded parquet(SparkSession spark, InputFiles input) throws BadInputException {
        String[] paths = input.files().stream().map(f -> f.getPath().toString()).toArray(String[]::new);
        Dataset<Row> raw = spark.read().parquet(paths);
        StructType schema = raw.schema();
        StructField label = field(schema, "label", input);
        StructField features = field(schema, "features", input);
        if (!(label.dataType() instanceof NumericType)) {
            throw new BadInputException("input " + input.location() + ": column 'label' is " + label.dataType().simpleString()
                    + ": it must be numeric (0 or 1)");
        }
        DataType type = features.dataType();
        Column vector;
        if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
            vector = org.apache.spark.ml.functions.array_to_vector(col("features").cast("array<double>"));
        } else if (type.equals(SQLDataTypes.VectorType())) {
            vector = col("features");
        } else {
            throw new BadInputException("input " + input.location() + ": column 'features' is " + type.simpleString()
                    + ": it must be an array of numbers or a Spark ML vector");
        }
        Dataset<Row> data = raw.select(col("label").cast("double").as("label"), vector.as("features"));
        java.util.List<Row> first = data.select("features").takeAsList(1);
        if (first.isEmpty()) {
            throw new BadInputException("input " + input.location() + " has no rows to train on");
        }
        int sensors = ((org.apache.spark.ml.linalg.Vector) first.get(0).get(0)).size();
        if (sensors < 1) {
            throw new BadInputException("input " + input.location() + ": the first row has no features");
        }
        return new Loaded(data, sensors);
    }

    private static StructField field(StructType schema, String name, InputFiles input) throws BadInputException {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new BadInputException("input " + input.location() + " has no column '" + name + "' (columns: "
                + String.join(", ", schema.fieldNames()) + "): Parquet input needs 'label' and 'features', as "
                + "iotgen --format parquet writes them");
    }

    /** Parses one input split's lines; a bad row throws with the split's file and the row's byte offset. */
    private static final class ParseCsv
            implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<Row>> {

        private static final long serialVersionUID = 1L;

        private final int sensors;

        ParseCsv(int sensors) {
            this.sensors = sensors;
        }

        @Override
        public Iterator<Row> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
            String file = ((FileSplit) split).getPath().toString();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return lines.hasNext();
                }

                @Override
                public Row next() {
                    Tuple2<LongWritable, Text> line = lines.next();
                    double[] values = new double[sensors];
                    int label;
                    try {
                        label = CsvRowParser.parse(line._2().getBytes(), line._2().getLength(), values);
                    } catch (RowFormatException e) {
                        throw new UncheckedBadInput(BadInputException.atRow(file, line._1().get(), -1, e.getMessage()));
                    }
                    return RowFactory.create((double) label, Vectors.dense(values));
                }
            };
        }
    }
}
