package io.iotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    private static final long FEED = 1_000_000L;

    /** A feed started at FEED with a 2 s warm-up: alerts for events from FEED + 2000 on are timed. */
    private final LatencySamples samples = new LatencySamples(FEED, FEED + 2_000);

    private void alert(long eventOffsetMs, long latencyMs) {
        samples.add(FEED + eventOffsetMs, FEED + eventOffsetMs + latencyMs);
    }

    @Test
    void shouldTimeOnlyTheAlertsAfterTheWarmUpAndKeepTheWarmUpApart() {
        // A cold start: 3 s behind at first, caught up by the end of the warm-up.
        alert(0, 3_000);
        alert(900, 2_500);
        alert(1_500, 900);
        for (int i = 0; i < 100; i++) {
            alert(2_000 + 10 * i, 100 + i);
        }

        LatencySamples.Figures timed = samples.timed();
        assertThat(timed.count()).isEqualTo(100);
        assertThat(timed.p50()).isEqualTo(150);
        assertThat(timed.p99()).isEqualTo(199);
        assertThat(timed.max()).isEqualTo(199);
        assertThat(samples.warmUp()).isEqualTo(new LatencySamples.Figures(3, 2_500, 3_000, 3_000));
    }

    @Test
    void shouldGiveEachSecondOfTheFeedItsOwnFigures() {
        alert(0, 3_000);
        alert(900, 2_500);
        alert(2_100, 200);
        alert(4_999, 100);
        alert(-5, 7_000); // an event from before the feed: not the row's
        alert(3_000, -1); // arrived before its event: not this clock's

        List<LatencySamples.Second> timeline = samples.timeline();

        assertThat(timeline).extracting(LatencySamples.Second::second).containsExactly(0, 2, 4);
        assertThat(timeline.get(0).figures()).isEqualTo(new LatencySamples.Figures(2, 3_000, 3_000, 3_000));
        assertThat(timeline.get(1).figures().max()).isEqualTo(200);
        assertThat(timeline.get(2).figures().count()).isEqualTo(1);
    }

    @Test
    void shouldMakeRowsWithTheWarmUpMaxAndItsFiguresInTheNote() {
        alert(500, 2_800);
        alert(2_500, 150);

        List<Result> rows = samples.rows("IoTStream", "how");

        assertThat(rows).extracting(Result::name).containsExactly("IoTStream event to alert p50",
                "IoTStream event to alert p99", "IoTStream event to alert max",
                "IoTStream event to alert max in the warm-up");
        assertThat(rows).extracting(Result::value).containsExactly(150.0, 150.0, 150.0, 2_800.0);
        assertThat(rows.get(0).note()).startsWith("how; 1 alerts after the 2 s warm-up")
                .contains("p50/p99/max 2,800/2,800/2,800 ms");
    }

    @Test
    void shouldLeaveTheWarmUpRowOutWithoutAWarmUp() {
        LatencySamples noWarmUp = new LatencySamples(FEED, FEED);
        noWarmUp.add(FEED + 10, FEED + 60);

        List<Result> rows = noWarmUp.rows("Spark", "how");

        assertThat(rows).extracting(Result::name).containsExactly(
                "Spark event to alert p50", "Spark event to alert p99", "Spark event to alert max");
        assertThat(rows.get(0).note()).isEqualTo("how; 1 alerts after the 0 s warm-up");
    }

    @Test
    void shouldSayWhenNothingArrivedAfterTheWarmUp() {
        alert(100, 4_000);

        assertThatThrownBy(() -> samples.rows("Spark", "how")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no alert for an event after the warm-up arrived (1 in the warm-up)");
    }

    @Test
    void shouldCountWhatArrivesBeyondCapacityAndSaySo() {
        LatencySamples small = new LatencySamples(FEED, FEED, 2);
        for (int i = 0; i < 5; i++) {
            small.add(FEED + i, FEED + i + 10);
        }

        assertThat(small.timed().count()).isEqualTo(2);
        assertThat(small.dropped()).isEqualTo(3);
        assertThat(small.rows("IoTStream", "how").get(0).note()).endsWith("; 3 later alerts not counted (more than 2)");
    }

    @Test
    void shouldGrowPastItsFirstArrays() {
        for (int i = 0; i < 200_000; i++) {
            alert(2_000 + i / 100, i % 1_000);
        }

        LatencySamples.Figures timed = samples.timed();
        assertThat(timed.count()).isEqualTo(200_000);
        assertThat(timed.p50()).isEqualTo(500);
        assertThat(timed.max()).isEqualTo(999);
        assertThat(samples.dropped()).isZero();
    }
}
