package io.iotstream.training.gen;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The rows of one partition, lazily: what each Spark task runs. Holds only primitives and an enum, so it ships to
 * executors as a few bytes; the {@link FailureRule} is rebuilt there from the exact cutoff.
 */
final class PartitionRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private final SeedDomain domain;
    private final long seed;
    private final int sensors;
    private final double cutoff;
    private final long rows;
    private final int partitions;

    PartitionRows(GenConfig config) {
        this.domain = config.domain();
        this.seed = config.seed();
        this.sensors = config.sensors();
        this.cutoff = config.rule().cutoff();
        this.rows = config.rows();
        this.partitions = config.partitions();
    }

    private GenConfig config() {
        return new GenConfig(rows, FailureRule.withCutoff(sensors, cutoff), partitions, "(task)", OutputFormat.CSV,
                seed, domain, false);
    }

    /** CSV lines of partition {@code p}; {@code onOne} is called with 1 for every row labelled 1. */
    Iterator<String> csvLines(int p, LongConsumer onOne) {
        SyntheticRows gen = new SyntheticRows(domain, seed, FailureRule.withCutoff(sensors, cutoff));
        char[] buffer = new char[CsvLines.length(sensors)];
        return new RowIterator<>(config(), p) {
            @Override
            String row(long index) {
                int label = gen.generate(index);
                if (label == 1) {
                    onOne.accept(1);
                }
                return new String(buffer, 0, CsvLines.format(label, gen.quanta(), buffer));
            }
        };
    }

    /** Parquet rows {@code (label, features)} of partition {@code p}. */
    Iterator<Row> parquetRows(int p, LongConsumer onOne) {
        SyntheticRows gen = new SyntheticRows(domain, seed, FailureRule.withCutoff(sensors, cutoff));
        return new RowIterator<>(config(), p) {
            @Override
            Row row(long index) {
                int label = gen.generate(index);
                if (label == 1) {
                    onOne.accept(1);
                }
                // A copy: the generator reuses its buffer for the next row.
                return RowFactory.create((double) label, gen.values().clone());
            }
        };
    }

    private abstract static class RowIterator<T> implements Iterator<T> {
        private long next;
        private final long end;

        RowIterator(GenConfig config, int p) {
            this.next = config.firstRow(p);
            this.end = config.endRow(p);
        }

        abstract T row(long index);

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public T next() {
            if (next >= end) {
                throw new NoSuchElementException();
            }
            return row(next++);
        }
    }
}
