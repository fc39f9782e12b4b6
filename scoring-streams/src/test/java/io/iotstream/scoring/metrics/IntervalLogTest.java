package io.iotstream.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.AlertKind;
import io.iotstream.scoring.errors.DeadLetterReason;
import org.junit.jupiter.api.Test;

class IntervalLogTest {

    @Test
    void shouldReportWhatHappenedSinceTheLastLine() {
        ScoringMetrics metrics = ScoringMetrics.inMemory();
        try (IntervalLog log = IntervalLog.start(metrics, () -> "m:1", java.time.Duration.ofHours(1))) {
            metrics.addEvents(1_000, 10, 1);
            metrics.addAlerts(AlertKind.ATTENTION, 3);
            metrics.addDevicesAttention(3);
            metrics.recordError(DeadLetterReason.VALUE_NOT_FINITE);
            assertThat(log.line()).isEqualTo(
                    "Interval 1: 1010 events, 3 devices need attention (3 alerts, 1 records in error; model m:1)");
            metrics.addEvents(5, 0, 0);
            assertThat(log.line()).isEqualTo(
                    "Interval 2: 5 events, 3 devices need attention (0 alerts, 0 records in error; model m:1)");
        }
    }
}
