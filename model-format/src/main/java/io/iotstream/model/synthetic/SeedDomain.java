package io.iotstream.model.synthetic;

import java.util.SplittableRandom;

/**
 * Disjoint random streams for synthetic data: training rows, labelled testing rows and live simulated events are
 * drawn from different domains of the same user seed, so testing data never repeats a training row, and a
 * partition's (or device's) stream depends only on the seed, the domain and its index — never on how many
 * executors or threads produce it.
 */
public enum SeedDomain {
    /** Rows {@code iotgen} writes for training. */
    TRAINING(0x5452_4149_4E00_0001L),
    /** Labelled rows kept apart for measuring accuracy ({@code iotgen --testing}, simulator frames). */
    TESTING(0x5445_5354_0000_0002L),
    /** Live sensor events from the simulator. */
    STREAMING(0x5354_5245_414D_0003L);

    private final long salt;

    SeedDomain(long salt) {
        this.salt = salt;
    }

    /**
     * The generator for stream {@code index} (a partition, a device) of this domain. Seeds are mixed through
     * SplitMix64 so that neighbouring indexes and seeds give unrelated streams.
     */
    public SplittableRandom random(long seed, long index) {
        return new SplittableRandom(mix(mix(seed ^ salt) + index));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
