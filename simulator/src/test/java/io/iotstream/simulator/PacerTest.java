package io.iotstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacerTest {

    private static final Runnable NOTHING = () -> { };

    @Test
    void shouldDrawGapsWithTheMeanOfTheRateAndHalfTheMeanAsStandardDeviation() {
        Pacer pacer = new Pacer(new FakeTicker(), 1000, new SplittableRandom(1));
        int n = 400_000;
        double sum = 0;
        double sumSquares = 0;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double gap = pacer.nextGapNanos();
            sum += gap;
            sumSquares += gap * gap;
            min = Math.min(min, gap);
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        assertThat(mean).isCloseTo(1_000_000, within(5_000.0));
        assertThat(sd).isCloseTo(500_000, within(5_000.0));
        assertThat(min).isPositive(); // lognormal: never a negative or zero wait
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 1_000, 50_000, 1_000_000})
    void shouldHoldTheRateOverTimeAlthoughEveryParkReturnsLate(double rate) {
        // the OS wakes a parked thread 80 µs late and each event costs 0.5 µs of work: the schedule absorbs both
        FakeTicker ticker = new FakeTicker(80_000, 500);
        Pacer pacer = new Pacer(ticker, rate, new SplittableRandom(7));
        pacer.start();
        long events = (long) Math.min(300_000, rate * 100);
        long firstRelease = 0;
        long lastRelease = 0;
        long lastDue = 0;
        long maxLag = 0;
        for (long i = 0; i < events; i++) {
            lastDue = pacer.awaitNext(NOTHING, () -> false);
            lastRelease = ticker.now();
            if (i == 0) {
                firstRelease = lastRelease;
            }
            maxLag = Math.max(maxLag, lastRelease - (pacer.startNanos() + lastDue));
        }
        double seconds = (lastRelease - firstRelease) / 1e9;
        double achieved = (events - 1) / seconds;
        // what the asked rate allows: (events-1) lognormal gaps with sd half the mean, plus one late wake-up
        double scheduleNoise = 0.5 / Math.sqrt(events - 1);
        double lateness = 100e-6 / seconds;
        assertThat(achieved / rate - 1).as("rate error at %s/s", rate)
                .isCloseTo(0, within(4 * scheduleNoise + lateness));
        // and no event was ever released more than one late wake-up (plus a little work) after it was due
        assertThat(maxLag).isLessThan(100_000);
    }

    @Test
    void shouldParkOncePerEventAtLowRatesAndBatchEventsAtHighRates() {
        FakeTicker slow = new FakeTicker(60_000, 1_000);
        Pacer low = new Pacer(slow, 100, new SplittableRandom(3));
        low.start();
        for (int i = 0; i < 1_000; i++) {
            low.awaitNext(NOTHING, () -> false);
        }
        assertThat(slow.parks).isBetween(990L, 1_000L); // the first event is due at once

        FakeTicker fast = new FakeTicker(60_000, 1_000);
        Pacer high = new Pacer(fast, 50_000, new SplittableRandom(3));
        high.start();
        for (int i = 0; i < 100_000; i++) {
            high.awaitNext(NOTHING, () -> false);
        }
        // gaps of 20 µs: one park releases several events; nothing spins (clock reads ~ one per event)
        assertThat(fast.parks).isLessThan(100_000 / 3);
        assertThat(fast.reads).isLessThan(100_000 + 2 * fast.parks + 10);
    }

    @Test
    void shouldRunBeforeWaitOnlyWhenItParks() {
        FakeTicker ticker = new FakeTicker();
        Pacer pacer = new Pacer(ticker, 10, new SplittableRandom(5));
        pacer.start();
        AtomicInteger flushes = new AtomicInteger();
        pacer.awaitNext(flushes::incrementAndGet, () -> false); // due at once
        assertThat(flushes).hasValue(0);
        pacer.awaitNext(flushes::incrementAndGet, () -> false);
        assertThat(flushes).hasValue(1);
        assertThat(ticker.parks).isEqualTo(1);
    }

    @Test
    void shouldNotWaitForEventsThatAreAlreadyDue() {
        FakeTicker ticker = new FakeTicker();
        Pacer pacer = new Pacer(ticker, 1_000, new SplittableRandom(5));
        pacer.start();
        ticker.advance(1_000_000_000L); // a one-second stall: about 1000 events are due
        int released = 0;
        while (pacer.nextDueOffset() <= 1_000_000_000L) {
            pacer.awaitNext(NOTHING, () -> false);
            released++;
        }
        assertThat(ticker.parks).isZero();
        assertThat(released).isBetween(900, 1_100);
    }

    @Test
    void shouldStopWaitingWhenAStopIsRequested() {
        FakeTicker ticker = new FakeTicker();
        Pacer pacer = new Pacer(ticker, 0.001, new SplittableRandom(5)); // one event per ~17 minutes
        pacer.start();
        pacer.awaitNext(NOTHING, () -> true);
        assertThat(pacer.awaitNext(NOTHING, () -> true)).isEqualTo(-1);
        assertThat(ticker.parks).isEqualTo(1);
    }

    @Test
    void shouldRefuseRatesThatAreNotPositiveAndFinite() {
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Pacer(new FakeTicker(), rate, new SplittableRandom(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Pacer(new FakeTicker(), 1, new SplittableRandom(1)).nextDueOffset())
                .isInstanceOf(IllegalStateException.class);
    }
}
