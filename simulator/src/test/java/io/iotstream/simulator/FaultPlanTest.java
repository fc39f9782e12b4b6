package io.iotstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.iotstream.model.synthetic.FailureRule;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void shouldPutHealthyAndFailingValuesOnEitherSideOfTheStandardRulesBoundaryWithAMargin() {
        FaultPlan plan = FaultPlan.create(FailureRule.standard(100), 10, 3, 42, 0);
        assertThat(plan.healthyMax()).isCloseTo(0.45, within(1e-12));
        assertThat(plan.failingMin()).isCloseTo(0.55, within(1e-12));
        assertThat(plan.healthyScoreBelow()).isCloseTo(2272.5, within(1e-9));
        assertThat(plan.failingScoreAtLeast()).isCloseTo(2777.5, within(1e-9));
        assertThat(plan.value(0.0, 0)).isZero();
        assertThat(plan.value(0.999999, 0)).isLessThan(0.45);
        assertThat(plan.value(0.0, 1)).isEqualTo(0.55);
        assertThat(plan.value(0.999999, 1)).isLessThan(1.0);
    }

    @Test
    void shouldLabelEveryHealthyVectorZeroAndEveryFailingVectorOne() {
        for (FailureRule rule : new FailureRule[] {FailureRule.standard(5), FailureRule.standard(100),
                FailureRule.forOnesPercent(100, 1), FailureRule.forOnesPercent(10, 90)}) {
            FaultPlan plan = FaultPlan.create(rule, 1, 1, 1, 0);
            SplittableRandom random = new SplittableRandom(9);
            double[] healthy = new double[rule.sensors()];
            double[] failing = new double[rule.sensors()];
            for (int i = 0; i < 2_000; i++) {
                for (int s = 0; s < rule.sensors(); s++) {
                    // the extremes too: all values at the top of the healthy range, at the bottom of the failing one
                    double u = i == 0 ? Math.nextDown(1.0) : i == 1 ? 0.0 : random.nextDouble();
                    healthy[s] = plan.value(u, 0);
                    failing[s] = plan.value(i == 0 ? 0.0 : u, 1);
                }
                assertThat(rule.score(healthy)).as(rule.toString()).isLessThan(plan.healthyScoreBelow() + 1e-9);
                assertThat(rule.label(healthy)).isZero();
                assertThat(rule.score(failing)).isGreaterThanOrEqualTo(plan.failingScoreAtLeast() - 1e-9);
                assertThat(rule.label(failing)).isOne();
            }
        }
    }

    @Test
    void shouldDriftLinearlyFromTheFaultStartOnlyForFaultyDevices() {
        FaultPlan plan = FaultPlan.create(FailureRule.standard(10), 20, 5, 7, 10_000);
        int faulty = plan.faultyDevices()[0];
        int healthy = java.util.stream.IntStream.range(0, 20).filter(d -> !plan.isFaulty(d)).findFirst().orElseThrow();
        assertThat(plan.started()).isFalse();
        assertThat(plan.drift(faulty, 1_000_000)).isZero();
        plan.startAt(5_000);
        plan.startAt(9_000); // the first start counts
        assertThat(plan.startOffset()).isEqualTo(5_000);
        assertThat(plan.drift(faulty, 4_999)).isZero();
        assertThat(plan.drift(faulty, 5_000)).isZero();
        assertThat(plan.drift(faulty, 7_500)).isEqualTo(0.25);
        assertThat(plan.drift(faulty, 15_000)).isEqualTo(1);
        assertThat(plan.drift(healthy, 1_000_000)).isZero();
        double u = 0.5;
        assertThat(plan.value(u, 0.25)).isCloseTo(0.75 * plan.value(u, 0) + 0.25 * plan.value(u, 1), within(1e-12));
    }

    @Test
    void shouldPickTheSameDistinctFaultyDevicesForTheSameSeed() {
        FaultPlan a = FaultPlan.create(FailureRule.standard(10), 1_000, 25, 3, 0);
        FaultPlan b = FaultPlan.create(FailureRule.standard(10), 1_000, 25, 3, 0);
        FaultPlan c = FaultPlan.create(FailureRule.standard(10), 1_000, 25, 4, 0);
        assertThat(a.faultyDevices()).hasSize(25).doesNotHaveDuplicates().isSorted().containsExactly(b.faultyDevices());
        assertThat(a.faultyDevices()).isNotEqualTo(c.faultyDevices());
        assertThat(FaultPlan.create(FailureRule.standard(10), 4, 4, 3, 0).faultyDevices()).containsExactly(0, 1, 2, 3);
        assertThat(FaultPlan.create(FailureRule.standard(10), 4, 0, 3, 0).faultyDevices()).isEmpty();
    }

    @Test
    void shouldRefuseACutoffThatLeavesNoRoomForBothRanges() {
        assertThatThrownBy(() -> FaultPlan.create(FailureRule.withCutoff(10, 54), 1, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use a cutoff between");
        assertThatThrownBy(() -> FaultPlan.create(FailureRule.standard(10), 3, 4, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--faulty-devices");
    }
}
