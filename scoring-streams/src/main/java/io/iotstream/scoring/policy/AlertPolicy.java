package io.iotstream.scoring.policy;

import io.iotstream.schemas.AlertKind;

/**
 * Turns a device's scores into alerts: the step between the model's verdict on one score and what an operator is
 * told, with the little per-device state that step needs (whether the device is in attention, and whatever else the
 * policy keeps, such as since when a verdict has held). The scorer calls it once per score of a device, on the
 * device's stream thread; the per-device state is the device's {@link DeviceDecision}, stored with the device's
 * values and restored with them, so that a policy's view of a device survives restarts and task moves.
 *
 * <p>An implementation is shared by every device of a scorer and must keep no per-device state of its own. It is
 * called on the scoring path (once per event in event mode): it should not allocate or block.
 */
public interface AlertPolicy {

    /**
     * Decides the alert for one score of a device, updating the device's decision state.
     *
     * @param device the device's decision state, changed in place; {@link DeviceDecision#attention()} after the
     *     call is the decision the alert carries and that the attention gauge counts
     * @param probability the model's probability for the device, in [0, 1]
     * @param modelAttention the model's own decision: the probability is above the model's threshold
     * @param eventTime the event time of the newest reading in the score, ms since the epoch
     * @return the alert to send, or null for none
     */
    AlertKind decide(DeviceDecision device, double probability, boolean modelAttention, long eventTime);

    /**
     * How many {@code long} words of per-device state the policy keeps besides the attention flag (0 to
     * {@link DeviceDecision#MAX_WORDS}); the device store keeps and persists them. A word never written reads 0,
     * also for a device stored before the policy used it.
     */
    default int stateWords() {
        return 0;
    }
}
