package io.iotstream.scoring.policy;

/** One device's decision state, as an {@link AlertPolicy} reads and changes it. Not thread-safe. */
public interface DeviceDecision {

    /** The most words of policy state a device keeps. */
    int MAX_WORDS = 16;

    /** Whether the device is in attention: the last decision the policy made for it. */
    boolean attention();

    void attention(boolean attention);

    /** Word {@code index} of the policy's own state, 0 until set; {@code 0 <= index < MAX_WORDS}. */
    long word(int index);

    /** Sets word {@code index}; the first write allocates the device's words. */
    void word(int index, long value);
}
