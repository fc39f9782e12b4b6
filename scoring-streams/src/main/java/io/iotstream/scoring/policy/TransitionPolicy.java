package io.iotstream.scoring.policy;

import io.iotstream.schemas.AlertKind;

/**
 * The model's decision, alerted on change: {@code ATTENTION} when a device's decision turns to attention,
 * {@code RECOVERY} when it turns back, and optionally a {@code STATUS} for every other score ({@code alerts.emit=all}).
 * No state beyond the attention flag. The scorer's policy unless configured otherwise.
 */
public final class TransitionPolicy implements AlertPolicy {

    private final boolean everyScore;

    /** @param everyScore also a {@code STATUS} alert for each score that changes nothing */
    public TransitionPolicy(boolean everyScore) {
        this.everyScore = everyScore;
    }

    @Override
    public AlertKind decide(DeviceDecision device, double probability, boolean modelAttention, long eventTime) {
        if (modelAttention != device.attention()) {
            device.attention(modelAttention);
            return modelAttention ? AlertKind.ATTENTION : AlertKind.RECOVERY;
        }
        return everyScore ? AlertKind.STATUS : null;
    }
}
