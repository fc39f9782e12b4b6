package io.iotstream.training.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The only place a {@link SparkSession} is built. Under {@code spark-submit} the session takes the master and
 * settings spark-submit passes (as {@code spark.*} system properties); run with plain {@code java} it defaults to
 * {@code local[*]}. A local session binds its driver to 127.0.0.1 (Spark otherwise binds to the host's external
 * address) and starts no web UI, unless those settings are given explicitly.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * Builds (or returns the running) session.
     *
     * @param master a Spark master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn},
     *               {@code k8s://...}), or null for spark-submit's, else {@code local[*]}
     */
    public static SparkSession create(String appName, String master) {
        SparkConf conf = new SparkConf();
        if (master != null && !master.isBlank()) {
            conf.setMaster(master.trim());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.app.name", appName);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * A small local session for tests and benchmarks: {@code local[cores]} on loopback, no UI, few shuffle
     * partitions.
     */
    public static SparkSession local(String appName, int cores) {
        SparkConf conf = new SparkConf()
                .setMaster("local[" + cores + "]")
                .setAppName(appName)
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", Integer.toString(2 * cores))
                .set("spark.default.parallelism", Integer.toString(cores));
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Creates the session on first use, with the first caller's name and master; {@code close()} stops it. */
    public static SessionProvider provider() {
        return new SessionProvider() {
            private SparkSession session;

            @Override
            public synchronized SparkSession session(String appName, String master) {
                if (session == null) {
                    session = create(appName, master);
                }
                return session;
            }

            @Override
            public synchronized void close() {
                if (session != null) {
                    session.stop();
                    session = null;
                }
            }
        };
    }
}
