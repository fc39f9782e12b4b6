package io.iotstream.training.cli;

import org.apache.spark.sql.SparkSession;

/**
 * Where a command gets its Spark session: {@link SparkSessions#provider()} builds one on first use (and
 * {@link #close()} stops it); tests hand in the session they share.
 */
public interface SessionProvider extends AutoCloseable {

    /**
     * The session for a job.
     *
     * @param appName the application name, if the session is created now
     * @param master  the Spark master to use, or null for spark-submit's (else {@code local[*]})
     */
    SparkSession session(String appName, String master);

    /** Stops a session this provider started; does nothing otherwise. */
    @Override
    void close();
}
