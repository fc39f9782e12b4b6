package io.iotstream.bench.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One device's latest value of every sensor (the model's neutral value until first seen) and whether it needed
 * attention at its last score: the same state the scorer keeps. Mutable because Spark hands the state object to
 * the group function once per micro-batch and stores it back with {@code update}. Public only because Spark's
 * Kryo encoder refuses non-public state classes.
 */
public final class DeviceVector implements Serializable {

    private static final long serialVersionUID = 1L;

    final double[] values;
    boolean attention;

    /** A vector of {@code sensors} values, all {@code neutral}, not needing attention. */
    public DeviceVector(int sensors, double neutral) {
        values = new double[sensors];
        Arrays.fill(values, neutral);
    }
}
