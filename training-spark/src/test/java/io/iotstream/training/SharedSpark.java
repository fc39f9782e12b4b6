package io.iotstream.training;

import io.iotstream.training.cli.SparkSessions;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: local[2] on loopback, no UI. Starting Spark takes seconds, so every test
 * shares it; it stops when the JVM exits.
 */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.local("iotstream-training-tests", 2);
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
