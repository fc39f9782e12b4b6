package io.iotstream.training.cli;

import io.iotstream.cli.flags.S3Flags;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a Spark job runs and how it reaches S3: the flags of the commands that start one (gen, train, retrain). */
final class SparkFlags {

    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master, e.g. local[4] (env: IOTSTREAM_SPARK_MASTER; default: spark-submit's, "
                    + "else local[*]).")
    String master;

    @Mixin
    S3Flags s3;
}
