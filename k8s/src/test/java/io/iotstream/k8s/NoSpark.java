package io.iotstream.k8s;

import io.iotstream.training.cli.SessionProvider;
import org.apache.spark.sql.SparkSession;

/** Sessions for commands that must not start Spark (parsing, Tribuo retrains): fails the test if asked for one. */
final class NoSpark implements SessionProvider {

    @Override
    public SparkSession session(String appName, String master) {
        throw new AssertionError("this test must not start Spark");
    }

    @Override
    public void close() {
    }
}
