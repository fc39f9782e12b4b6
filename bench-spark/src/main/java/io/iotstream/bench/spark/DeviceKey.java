package io.iotstream.bench.spark;

import org.apache.spark.api.java.function.MapFunction;
import scala.Tuple4;

/** Groups readings by device id. */
final class DeviceKey implements MapFunction<Tuple4<String, Integer, Double, Long>, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String call(Tuple4<String, Integer, Double, Long> reading) {
        return reading._1();
    }
}
