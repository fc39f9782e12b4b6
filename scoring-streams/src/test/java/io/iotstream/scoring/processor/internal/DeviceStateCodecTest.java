package io.iotstream.scoring.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.scoring.Models;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The stored device state: this release's format round-trips, the previous release's bytes read back. */
class DeviceStateCodecTest {

    @Test
    void shouldReadBytesWrittenByThePreviousRelease() throws IOException {
        DeviceState attention = DeviceStateCodec.decode("dev-7",
                DeviceScoringProcessorTest.resource("device-state-v1-attention.bin"));
        assertThat(attention.attention()).isTrue();
        assertThat(attention.lastEventTime()).isEqualTo(1772323200123L);
        assertThat(attention.pending()).isFalse();
        assertThat(attention.featureCount()).isEqualTo(3);
        assertThat(new double[] {attention.value(0), attention.value(1), attention.value(2)})
                .containsExactly(0.25, -1.5, 3.0);

        byte[] quietBytes = DeviceScoringProcessorTest.resource("device-state-v1-quiet.bin");
        DeviceState quiet = DeviceStateCodec.decode("dev-8", quietBytes);
        assertThat(quiet.attention()).isFalse();
        assertThat(quiet.lastEventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(DeviceStateCodec.pending(quietBytes)).isFalse();
        assertThat(DeviceStateCodec.lastEventTime(quietBytes)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldRoundTripThePendingIntervalAndItsEvents() {
        LogisticScorer scorer = new LogisticScorer(Models.uniform("1", 3));
        DeviceState state = DeviceState.fresh("d1", scorer, 10_000);
        state.set(0, 0.75);
        state.attention(true);
        state.seen(42L);
        state.pendingUntil = 1_000L;
        state.eventsSinceScored = 7;
        state.word(2, -42L);
        byte[] bytes = DeviceStateCodec.encode(state);
        assertThat(bytes[0]).isEqualTo(DeviceStateCodec.VERSION);
        assertThat(DeviceStateCodec.pending(bytes)).isTrue();
        assertThat(DeviceStateCodec.attention(bytes)).isTrue();
        assertThat(DeviceStateCodec.lastEventTime(bytes)).isEqualTo(42L);
        DeviceState back = DeviceStateCodec.decode("d1", bytes);
        assertThat(back.pendingUntil).isEqualTo(1_000L);
        assertThat(back.eventsSinceScored).isEqualTo(7);
        assertThat(back.value(0)).isEqualTo(0.75);
        assertThat(back.attention()).isTrue();
        assertThat(new long[] {back.word(0), back.word(1), back.word(2), back.word(3)})
                .containsExactly(0L, 0L, -42L, 0L);

        state.pendingUntil = DeviceState.NOT_PENDING;
        assertThat(DeviceStateCodec.decode("d1", DeviceStateCodec.encode(state)).pending()).isFalse();
    }

    @Test
    void shouldRefuseAFormatItDoesNotKnowNamingTheFix() {
        assertThatThrownBy(() -> DeviceStateCodec.decode("d1", new byte[] {3, 0, 0}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("format 3")
                .hasMessageContaining("score reset");
    }
}
