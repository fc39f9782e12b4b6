package io.iotstream.scoring;

import io.iotstream.model.synthetic.FailureRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Test devices with known outcomes: each has a vector of sensor values uniform in [0,1) and is faulty exactly when
 * the original benchmark's rule labels the vector 1. Vectors within {@code margin} of the cutoff are redrawn, so
 * that no device is borderline.
 */
final class Fleet {

    record Device(String id, double[] values, boolean faulty) {

        /**
         * Sensor numbers in the order to send them so that the device's partial vectors (unsent sensors at the
         * neutral 0.5, whose score is the standard cutoff exactly) never cross the cutoff the wrong way: a healthy
         * device sends the readings that lower its score first, a faulty one those that raise it.
         */
        List<Integer> sendingOrder() {
            Comparator<Integer> byDelta = Comparator.comparingDouble(s -> s * (values[s - 1] - 0.5));
            return IntStream.rangeClosed(1, values.length).boxed()
                    .sorted(faulty ? byDelta.reversed() : byDelta).toList();
        }
    }

    private Fleet() {
    }

    static List<Device> generate(String prefix, int count, FailureRule rule, long seed, double margin) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Device> devices = new ArrayList<>();
        while (devices.size() < count) {
            double[] v = new double[rule.sensors()];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextDouble();
            }
            double score = rule.score(v);
            if (Math.abs(score - rule.cutoff()) < margin) {
                continue;
            }
            devices.add(new Device(prefix + devices.size(), v, score > rule.cutoff()));
        }
        return devices;
    }
}
