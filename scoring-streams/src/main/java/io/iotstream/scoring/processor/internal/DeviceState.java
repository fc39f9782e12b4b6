package io.iotstream.scoring.processor.internal;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.model.score.RunningMargin;
import io.iotstream.scoring.model.ScorerFactory;
import io.iotstream.scoring.policy.DeviceDecision;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One device's live state: its latest value of every sensor (starting at the model's neutral value and carried
 * forward while a sensor is silent), the running margin over them, the last decision, and counters.
 *
 * <p>A state restored from the store holds only its values until it is bound to the model serving
 * ({@link #bind}); binding again after a model swap recomputes the margin in O(n), once per device.
 *
 * <p>Not thread-safe: owned by the stream thread of the device's task.
 */
final class DeviceState implements DeviceDecision {

    final String deviceId;
    /** {@code deviceId} in UTF-8, and its {@link DeviceIndex#hash}: the key of {@link DeviceIndex}. */
    final byte[] idBytes;
    final int idHash;
    private RunningMargin margin;
    /** {@code margin.scorer()}, kept here so the per-event check touches one object less (a cache miss). */
    private LogisticScorer scorer;
    /** Values restored from the store, until the first {@link #bind}. */
    private double[] restored;
    private boolean attention;
    private long lastEventTime;
    /**
     * Interval mode: the end (exclusive, event time in ms) of the interval whose events the device holds unscored,
     * or {@link #NOT_PENDING}. Kept in the store, so a device's due score survives a restart or a task move.
     */
    long pendingUntil = NOT_PENDING;
    /** Events since the device was last scored. */
    int eventsSinceScored;
    /** The alert policy's words ({@link DeviceDecision#word}), null until one is written. */
    private long[] words;
    /** Whether the store must write this device at the next commit. */
    boolean dirty;

    /** {@link #pendingUntil} of a device with nothing to score. */
    static final long NOT_PENDING = Long.MIN_VALUE;

    private DeviceState(String deviceId, RunningMargin margin, double[] restored, boolean attention,
            long lastEventTime) {
        this.deviceId = deviceId;
        this.idBytes = deviceId.getBytes(StandardCharsets.UTF_8);
        this.idHash = DeviceIndex.hash(idBytes, 0, idBytes.length);
        this.margin = margin;
        this.scorer = margin == null ? null : margin.scorer();
        this.restored = restored;
        this.attention = attention;
        this.lastEventTime = lastEventTime;
    }

    /** A device never seen: every sensor at the model's neutral value, no attention. */
    static DeviceState fresh(String deviceId, LogisticScorer scorer, int recomputeEvery) {
        return new DeviceState(deviceId, new RunningMargin(scorer, recomputeEvery), null, false, Long.MIN_VALUE);
    }

    /** A device read back from the store; {@link #bind} it before use. */
    static DeviceState restored(String deviceId, double[] values, boolean attention, long lastEventTime,
            long pendingUntil, int eventsSinceScored, long[] words) {
        DeviceState state = new DeviceState(deviceId, null, Objects.requireNonNull(values, "values"), attention,
                lastEventTime);
        state.pendingUntil = pendingUntil;
        state.eventsSinceScored = eventsSinceScored;
        state.words = words == null || words.length == 0 ? null : words;
        return state;
    }

    @Override
    public long word(int index) {
        Objects.checkIndex(index, MAX_WORDS);
        return words != null && index < words.length ? words[index] : 0L;
    }

    @Override
    public void word(int index, long value) {
        Objects.checkIndex(index, MAX_WORDS);
        if (words == null || index >= words.length) {
            words = words == null ? new long[index + 1] : Arrays.copyOf(words, index + 1);
        }
        words[index] = value;
    }

    /** How many words the policy has written (the highest index + 1), for the codec. */
    int wordCount() {
        return words == null ? 0 : words.length;
    }

    boolean pending() {
        return pendingUntil != NOT_PENDING;
    }

    /** Whether the margin was built for {@code scorer}: a reference comparison, cheap enough for every event. */
    boolean boundTo(LogisticScorer scorer) {
        return this.scorer == scorer;
    }

    /** Whether this state came from the store and has not been bound yet. */
    boolean isRestored() {
        return restored != null;
    }

    /**
     * Rebuilds the margin for {@code scorer}, keeping the values. A vector of another length (the model's feature
     * count changed across a restart) cannot be carried over and starts again at the neutral values.
     *
     * @return false if the values had to be reset
     */
    boolean bind(LogisticScorer scorer, int recomputeEvery) {
        double[] values = restored != null ? restored : margin.values();
        restored = null;
        this.scorer = scorer;
        if (values.length != scorer.featureCount()) {
            margin = new RunningMargin(scorer, recomputeEvery);
            return false;
        }
        margin = RunningMargin.of(scorer, values, recomputeEvery);
        return true;
    }

    /**
     * Sets sensor index {@code index} (sensor number − 1) to {@code value}, updating the margin in O(1).
     *
     * @return the new margin
     */
    double set(int index, double value) {
        return margin.set(index, value);
    }

    void seen(long eventTime) {
        if (eventTime > lastEventTime) {
            lastEventTime = eventTime;
        }
    }

    long lastEventTime() {
        return lastEventTime;
    }

    double probability() {
        return margin.probability();
    }

    /** The probability by a whole-vector scorer, given {@code scratch} to copy the values into (reused). */
    double probability(ScorerFactory.VectorScorer vectorScorer, double[] scratch) {
        margin.copyValuesTo(scratch);
        return vectorScorer.probability(scratch);
    }

    @Override
    public boolean attention() {
        return attention;
    }

    @Override
    public void attention(boolean attention) {
        this.attention = attention;
    }

    RunningMargin margin() {
        return margin;
    }

    int featureCount() {
        return restored != null ? restored.length : margin.scorer().featureCount();
    }

    /** The value of sensor index {@code index}, bound or not. */
    double value(int index) {
        return restored != null ? restored[index] : margin.value(index);
    }
}
