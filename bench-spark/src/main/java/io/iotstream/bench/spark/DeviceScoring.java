package io.iotstream.bench.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.streaming.GroupState;
import scala.Tuple3;
import scala.Tuple4;

/**
 * The scorer's semantics in Spark: apply a device's readings of the micro-batch to its vector, score the vector
 * once with the MLlib model (as the scorer does once per interval), and emit (device, probability, event time of
 * the newest reading applied) only when the decision changes (attention or recovery).
 */
final class DeviceScoring implements
        FlatMapGroupsWithStateFunction<String, Tuple4<String, Integer, Double, Long>, DeviceVector,
                Tuple3<String, Double, Long>> {

    private static final long serialVersionUID = 1L;

    private final LogisticRegressionModel model;
    private final int sensors;
    private final double neutral;
    private final double threshold;

    DeviceScoring(LogisticRegressionModel model, int sensors, double neutral, double threshold) {
        this.model = model;
        this.sensors = sensors;
        this.neutral = neutral;
        this.threshold = threshold;
    }

    @Override
    public Iterator<Tuple3<String, Double, Long>> call(String device,
            Iterator<Tuple4<String, Integer, Double, Long>> readings, GroupState<DeviceVector> state) {
        DeviceVector vector = state.exists() ? state.get() : new DeviceVector(sensors, neutral);
        long newest = Long.MIN_VALUE;
        while (readings.hasNext()) {
            Tuple4<String, Integer, Double, Long> r = readings.next();
            newest = Math.max(newest, r._4());
            int sensor = r._2();
            if (sensor >= 1 && sensor <= sensors) {
                vector.values[sensor - 1] = r._3();
            }
        }
        double p = model.predictProbability(Vectors.dense(vector.values)).apply(1);
        boolean attention = p > threshold; // LogisticScorer.decide
        boolean changed = attention != vector.attention;
        vector.attention = attention;
        state.update(vector);
        return changed ? List.of(new Tuple3<>(device, p, newest)).iterator()
                : List.<Tuple3<String, Double, Long>>of().iterator();
    }
}
