package io.iotstream.bench.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import scala.Tuple3;

/**
 * The latency variant's sink: when a micro-batch's alerts reach the driver, each alert's latency is that moment
 * minus the event time of the newest reading in its score (one machine, one clock). Runs on the driver only
 * (foreachBatch), one batch at a time; readers synchronize on the instance.
 */
final class AlertLatencies implements VoidFunction2<Dataset<Tuple3<String, Double, Long>>, Long> {

    private static final long serialVersionUID = 1L;

    private final List<Long> latencies = new ArrayList<>();

    @Override
    public void call(Dataset<Tuple3<String, Double, Long>> alerts, Long batchId) {
        List<Long> eventTimes = alerts.map(new EventTime(), Encoders.LONG()).collectAsList();
        long now = System.currentTimeMillis();
        synchronized (this) {
            for (long t : eventTimes) {
                latencies.add(now - t);
            }
        }
    }

    synchronized long[] sorted() {
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** An alert's event time. */
    static final class EventTime implements org.apache.spark.api.java.function.MapFunction<Tuple3<String, Double,
            Long>, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long call(Tuple3<String, Double, Long> alert) {
            return alert._3();
        }
    }
}
