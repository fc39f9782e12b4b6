package io.iotstream.scoring.processor.internal;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorContribution;
import io.iotstream.scoring.model.LiveModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link Alert}s, with the top-k sensors by contribution (weight × value), computed only here, when an
 * alert is sent, never per event. Reuses its buffers; one per processor.
 */
final class AlertBuilder {

    private final int topK;
    private final int[] topIndex;
    private final double[] topContribution;
    private double[] vector = new double[0];

    AlertBuilder(int topK) {
        this.topK = topK;
        this.topIndex = new int[topK];
        this.topContribution = new double[topK];
    }

    Alert build(DeviceState state, LiveModel model, AlertKind kind, double probability, boolean attention,
            long scoredAtMs) {
        List<SensorContribution> top = List.of();
        if (topK > 0) {
            int n = model.featureCount();
            if (vector.length != n) {
                vector = new double[n];
            }
            state.margin().copyValuesTo(vector);
            int found = model.scorer().topContributions(vector, topK, topIndex, topContribution);
            top = new ArrayList<>(found);
            for (int i = 0; i < found; i++) {
                int idx = topIndex[i];
                top.add(new SensorContribution(idx + 1, vector[idx], topContribution[i]));
            }
        }
        long eventTime = state.lastEventTime() == Long.MIN_VALUE ? scoredAtMs : state.lastEventTime();
        return new Alert(state.deviceId, kind, probability, attention, model.artifact().name(),
                model.artifact().version(), Instant.ofEpochMilli(eventTime), Instant.ofEpochMilli(scoredAtMs),
                state.eventsSinceScored, top);
    }
}
