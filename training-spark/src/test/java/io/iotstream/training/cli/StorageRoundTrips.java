package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;

/** Checks every storage round trip (HDFS, S3) makes the same way, whatever file system {@code data} is on. */
final class StorageRoundTrips {

    private StorageRoundTrips() {
    }

    /**
     * {@code gen} writes Parquet (its default) to {@code data}; {@code train} reads it back with the Spark engine and
     * with Tribuo (which reads through Hadoop's file systems without Spark).
     *
     * @param cli runs the training command with the file system's settings
     */
    static void assertParquetReadByBothEngines(Function<String[], CommandRun> cli, String data, long seed) {
        CommandRun gen = cli.apply(new String[] {"gen", "3000", "6", "2", data, "--seed", Long.toString(seed)});
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        CommandRun train = cli.apply(new String[] {"train", data});
        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(train.out()).contains("Read 3000 rows of 6 sensors", "(parquet)");
        CommandRun tribuo = cli.apply(new String[] {"train", data, "--engine", "tribuo"});
        assertThat(tribuo.exitCode()).as(tribuo.toString()).isZero();
        assertThat(tribuo.out()).contains("Read 3000 rows of 6 sensors", "(parquet)");
    }
}
