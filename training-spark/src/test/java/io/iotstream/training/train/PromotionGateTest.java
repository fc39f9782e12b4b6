package io.iotstream.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    @Test
    void shouldParseConditions() {
        PromotionGate gate = PromotionGate.parse("auc>=0.97, recall > 0.9 && FP<=10", 0.01);
        assertThat(gate.conditions()).extracting(Object::toString)
                .containsExactly("auc>=0.97", "recall>0.9", "fp<=10.0");
    }

    @Test
    void shouldRefuseWhatItCannotRead() {
        assertThatThrownBy(() -> PromotionGate.parse("auc=0.97", 0)).hasMessageContaining("--promote-if")
                .hasMessageContaining("cannot read 'auc=0.97'");
        assertThatThrownBy(() -> PromotionGate.parse("auc>=", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromotionGate.parse("auc>=0.9", -1)).hasMessageContaining("--max-regression");
    }

    @Test
    void shouldPassOnlyWhenEveryConditionHolds() {
        PromotionGate gate = PromotionGate.parse("auc>=0.97,fn<5", 0.01);
        assertThat(gate.evaluate(Map.of("auc", 0.98, "fn", 4.0), Optional.empty()).pass()).isTrue();
        assertThat(gate.evaluate(Map.of("auc", 0.96, "fn", 4.0), Optional.empty()).pass()).isFalse();
        assertThat(gate.evaluate(Map.of("auc", 0.98, "fn", 5.0), Optional.empty()).pass()).isFalse();
        PromotionGate.Decision missing = gate.evaluate(Map.of("fn", 1.0), Optional.empty());
        assertThat(missing.pass()).isFalse();
        assertThat(missing.reasons()).anyMatch(r -> r.contains("no metric 'auc'"));
    }

    @Test
    void shouldRefuseAModelWorseThanTheLiveOneByMoreThanTheMargin() {
        PromotionGate gate = PromotionGate.parse("auc>=0.9,fn<=100", 0.01);
        var live = Optional.of(new PromotionGate.Live("m:1", Map.of("auc", 0.99, "fn", 50.0)));
        assertThat(gate.evaluate(Map.of("auc", 0.985, "fn", 50.0), live).pass()).isTrue();
        PromotionGate.Decision worse = gate.evaluate(Map.of("auc", 0.975, "fn", 50.0), live);
        assertThat(worse.pass()).isFalse();
        assertThat(worse.reasons()).anyMatch(r -> r.contains("worse than the live model"));
        // Lower is better for <= conditions.
        assertThat(gate.evaluate(Map.of("auc", 0.99, "fn", 50.5), live).pass()).isFalse();
    }
}
